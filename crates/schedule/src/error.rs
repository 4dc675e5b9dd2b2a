//! What can be wrong with a schedule as given. Each message shows the text that was given
//! and what is wrong with it.

/// A schedule that cannot be read or cannot run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error("'{text}' is not a duration: {reason} (write e.g. 30m, 12h or 7d)")]
    Duration { text: String, reason: String },

    #[error("invalid cron expression '{expression}': {reason}")]
    Cron { expression: String, reason: String },

    #[error("'{text}' is not an RFC 3339 time: {reason} (write e.g. 2026-01-02T03:04:05Z)")]
    Time { text: String, reason: String },

    #[error("the time '{text}' is not in the future (now is {now})")]
    NotInFuture { text: String, now: String },

    #[error("unknown time zone '{zone}': use an IANA name such as UTC, Europe/Berlin or America/New_York")]
    TimeZone { zone: String },

    #[error("{what} '{text}' is too short: the shortest is {min}")]
    TooShort { what: &'static str, text: String, min: String },

    #[error("the schedule kind '{0}' is unknown (cron, every or once)")]
    Kind(String),
}
