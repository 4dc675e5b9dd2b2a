//! The events a webhook receives.

use std::fmt;

/// An event sent to webhooks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Event {
    /// A rotation (`escrot rotate`, or a schedule's run) in which every path succeeded.
    RotationSucceeded,
    /// A rotation in which a path failed, could not be evaluated or conflicted.
    RotationFailed,
    /// A new revision of an environment: `init`, `set`, `rm`, `edit`, a rollback, a rotation.
    RevisionCreated,
    /// `escrot webhook ping`: sent to one webhook, whatever its events.
    Ping,
}

impl Event {
    /// The events a webhook can subscribe to, in the order help texts list them.
    pub const SUBSCRIBABLE: [Event; 3] = [Event::RotationSucceeded, Event::RotationFailed, Event::RevisionCreated];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::RotationSucceeded => "rotation-succeeded",
            Event::RotationFailed => "rotation-failed",
            Event::RevisionCreated => "revision-created",
            Event::Ping => "ping",
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An event name that is not one a webhook can subscribe to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventError(pub String);

impl std::error::Error for EventError {}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = Event::SUBSCRIBABLE.iter().map(|e| e.as_str()).collect();
        write!(f, "unknown event '{}': the events are {}", self.0, known.join(", "))
    }
}

/// Parses a comma-separated list of event names (each once, in the order given).
pub fn parse_events(text: &str) -> Result<Vec<Event>, EventError> {
    let mut events = Vec::new();
    for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let event =
            Event::SUBSCRIBABLE.into_iter().find(|e| e.as_str() == name).ok_or_else(|| EventError(name.to_owned()))?;
        if !events.contains(&event) {
            events.push(event);
        }
    }
    if events.is_empty() {
        return Err(EventError(text.to_owned()));
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_lists() {
        assert_eq!(
            parse_events("rotation-failed, revision-created,rotation-failed"),
            Ok(vec![Event::RotationFailed, Event::RevisionCreated])
        );
        let e = parse_events("rotation-failed,ping").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown event 'ping': the events are rotation-succeeded, rotation-failed, revision-created"
        );
        assert!(parse_events(" , ").is_err());
    }
}
