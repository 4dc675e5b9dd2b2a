//! When a schedule is due, and what happens after a run: the coalescing, window and
//! backoff rules. Every function takes "now" as an argument.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use crate::spec::{Recurrence, Schedule};

/// The delays before retrying a failed run: after the first failure, the second, …; the
/// last one repeats.
pub const BACKOFF: [Duration; 4] =
    [Duration::from_secs(60), Duration::from_secs(5 * 60), Duration::from_secs(30 * 60), Duration::from_secs(2 * 3600)];

/// The delay before the next try after `failures` consecutive failures (1 for the first).
pub fn backoff(failures: u32) -> Duration {
    let index = (failures.max(1) - 1) as usize;
    BACKOFF[index.min(BACKOFF.len() - 1)]
}

/// What a runner does with a due schedule now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Run the occurrence at `occurrence` (the latest one that has come: earlier ones that
    /// were missed are coalesced into it).
    Run { occurrence: Timestamp },
    /// The occurrence can no longer start inside its window: record it as missed; the
    /// schedule is next due as [`Schedule::after_missed`] says.
    Missed { occurrence: Timestamp },
}

/// When a schedule is next due: the time a runner should act (`at`), and the occurrence
/// that run serves (later than `at` never; earlier while a failed occurrence is retried).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    pub at: Timestamp,
    pub occurrence: Timestamp,
}

impl Due {
    fn at(t: Timestamp) -> Due {
        Due { at: t, occurrence: t }
    }
}

fn plus(t: Timestamp, d: Duration) -> Timestamp {
    SignedDuration::try_from(d).ok().and_then(|d| t.checked_add(d).ok()).unwrap_or(Timestamp::MAX)
}

impl Schedule {
    /// The first occurrence strictly after `t`; `None` when there is none (a `once` time that
    /// has passed, a cron pattern with no date left).
    pub fn next_after(&self, t: Timestamp) -> Option<Timestamp> {
        match &self.recurrence {
            Recurrence::Cron { cron, .. } => {
                let z = t.to_zoned(self.zone.clone());
                cron.find_next_occurrence(&z, false).ok().map(|z| z.timestamp())
            }
            Recurrence::Every(interval) => {
                let step = interval.as_secs().max(1) as i64;
                let elapsed = t.as_second() - self.anchor.as_second();
                let k = if elapsed < 0 { 1 } else { elapsed / step + 1 };
                Timestamp::from_second(self.anchor.as_second() + k * step).ok()
            }
            Recurrence::Once(at) => (*at > t).then_some(*at),
        }
    }

    /// The latest occurrence at or before `t`, if one has come.
    fn latest_at_or_before(&self, t: Timestamp) -> Option<Timestamp> {
        match &self.recurrence {
            Recurrence::Cron { cron, .. } => {
                let z = t.to_zoned(self.zone.clone());
                cron.find_previous_occurrence(&z, true).ok().map(|z| z.timestamp())
            }
            Recurrence::Every(interval) => {
                let step = interval.as_secs().max(1) as i64;
                let k = (t.as_second() - self.anchor.as_second()).div_euclid(step);
                (k >= 1).then(|| Timestamp::from_second(self.anchor.as_second() + k * step).ok()).flatten()
            }
            Recurrence::Once(at) => (*at <= t).then_some(*at),
        }
    }

    /// When a new schedule (or one whose recurrence was edited) is first due, from `now`.
    pub fn first_due(&self, now: Timestamp) -> Option<Due> {
        self.next_after(now).map(Due::at)
    }

    /// What to do at `now` with a schedule due for `occurrence`: run the latest occurrence
    /// that has come (coalescing those missed while no runner ran), unless it can no longer
    /// start inside its window.
    pub fn decide(&self, occurrence: Timestamp, now: Timestamp) -> Decision {
        let latest = self.latest_at_or_before(now).map_or(occurrence, |l| l.max(occurrence));
        match self.window {
            Some(window) if now > plus(latest, window) => Decision::Missed { occurrence: latest },
            _ => Decision::Run { occurrence: latest },
        }
    }

    /// After a run that succeeded at `now`: the next occurrence (`None`: nothing left).
    pub fn after_success(&self, now: Timestamp) -> Option<Due> {
        self.next_after(now).map(Due::at)
    }

    /// After an occurrence was missed at `now`: the next occurrence.
    pub fn after_missed(&self, now: Timestamp) -> Option<Due> {
        self.next_after(now).map(Due::at)
    }

    /// After the `failures`-th consecutive failed run of `occurrence`, at `now`: a retry of
    /// the same occurrence after [`backoff`], unless the next occurrence comes first (then
    /// that one, which runs anyway).
    pub fn after_failure(&self, occurrence: Timestamp, failures: u32, now: Timestamp) -> Due {
        let retry = plus(now, backoff(failures));
        match self.next_after(now) {
            Some(next) if next <= retry => Due::at(next),
            _ => Due { at: retry, occurrence },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::Kind;
    use crate::{SpecError, format_duration};

    fn t(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn utc(s: Timestamp) -> String {
        s.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    fn cron(expr: &str, tz: &str) -> Schedule {
        Schedule::cron(expr, tz, t("2026-01-01T00:00:00Z")).unwrap()
    }

    /// The next `n` occurrences after `from`, in UTC.
    fn upcoming(s: &Schedule, from: &str, n: usize) -> Vec<String> {
        let mut at = t(from);
        let mut out = Vec::new();
        for _ in 0..n {
            at = s.next_after(at).unwrap();
            out.push(utc(at));
        }
        out
    }

    #[test]
    fn cron_in_utc_and_in_a_zone() {
        let s = cron("0 3 * * *", "UTC");
        assert_eq!(upcoming(&s, "2026-03-01T03:00:00Z", 2), ["2026-03-02T03:00:00Z", "2026-03-03T03:00:00Z"]);
        // 03:00 in New York is 08:00 UTC in winter, 07:00 in summer (DST starts 2026-03-08).
        let s = cron("0 3 * * *", "America/New_York");
        assert_eq!(
            upcoming(&s, "2026-03-07T00:00:00Z", 3),
            ["2026-03-07T08:00:00Z", "2026-03-08T07:00:00Z", "2026-03-09T07:00:00Z"]
        );
        // Day of month and day of week: either matches, as crontab(5) says.
        let s = cron("0 0 13 * 5", "UTC");
        assert_eq!(
            upcoming(&s, "2026-02-01T00:00:00Z", 3),
            ["2026-02-06T00:00:00Z", "2026-02-13T00:00:00Z", "2026-02-20T00:00:00Z"]
        );
        // Sunday is 0 and 7.
        assert_eq!(upcoming(&cron("0 0 * * 0", "UTC"), "2026-02-01T12:00:00Z", 1), ["2026-02-08T00:00:00Z"]);
        assert_eq!(upcoming(&cron("0 0 * * 7", "UTC"), "2026-02-01T12:00:00Z", 1), ["2026-02-08T00:00:00Z"]);
        assert_eq!(
            upcoming(&cron("*/15 * * * *", "UTC"), "2026-02-01T12:07:00Z", 2),
            ["2026-02-01T12:15:00Z", "2026-02-01T12:30:00Z"]
        );
    }

    #[test]
    fn dst_gap_runs_right_after_the_gap_and_overlap_runs_once() {
        // Europe/Berlin springs forward on 2026-03-29 at 02:00 (to 03:00): 02:30 does not
        // exist that day, and the run happens at 03:00 local (01:00 UTC), once.
        let s = cron("30 2 * * *", "Europe/Berlin");
        assert_eq!(
            upcoming(&s, "2026-03-27T12:00:00Z", 3),
            ["2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"]
        );
        // It falls back on 2026-10-25 at 03:00 (to 02:00): 02:30 happens twice, and the
        // run happens once, at the first (00:30 UTC).
        assert_eq!(upcoming(&s, "2026-10-24T12:00:00Z", 2), ["2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]);
        // An hourly pattern runs in each real hour: the repeated 02:00 hour twice.
        let hourly = cron("0 * * * *", "Europe/Berlin");
        assert_eq!(
            upcoming(&hourly, "2026-10-24T23:30:00Z", 3),
            ["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"]
        );
    }

    #[test]
    fn every_counts_from_the_anchor() {
        let s = Schedule::every("12h", t("2026-01-01T10:00:00Z")).unwrap();
        assert_eq!(s.next_after(t("2026-01-01T10:00:00Z")), Some(t("2026-01-01T22:00:00Z")));
        assert_eq!(s.next_after(t("2026-01-05T23:59:59Z")), Some(t("2026-01-06T10:00:00Z")));
        assert_eq!(s.next_after(t("2025-12-01T00:00:00Z")), Some(t("2026-01-01T22:00:00Z")));
        let weekly = Schedule::every("7d", t("2026-01-01T00:00:00Z")).unwrap();
        assert_eq!(weekly.next_after(t("2026-01-01T00:00:00Z")), Some(t("2026-01-08T00:00:00Z")));
        assert_eq!(format_duration(Duration::from_secs(604_800)), "7d");
    }

    #[test]
    fn once_is_due_once() {
        let now = t("2026-01-01T00:00:00Z");
        let s = Schedule::once("2026-01-01T00:00:05Z", now).unwrap();
        assert_eq!(s.first_due(now), Some(Due::at(t("2026-01-01T00:00:05Z"))));
        assert_eq!(
            s.decide(t("2026-01-01T00:00:05Z"), t("2026-01-01T00:00:06Z")),
            Decision::Run { occurrence: t("2026-01-01T00:00:05Z") }
        );
        assert_eq!(s.after_success(t("2026-01-01T00:00:06Z")), None);
        // An offset is honoured.
        let s = Schedule::once("2026-01-01T04:00:00+02:00", now).unwrap();
        assert_eq!(s.expression(), "2026-01-01T02:00:00Z");
        let err = Schedule::once("2025-12-31T23:59:59Z", now).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the time '2025-12-31T23:59:59Z' is not in the future (now is 2026-01-01T00:00:00Z)"
        );
    }

    #[test]
    fn missed_occurrences_coalesce_into_one_run() {
        // Hourly, and no runner ran over a weekend: one run, for the latest occurrence.
        let s = cron("0 * * * *", "UTC");
        let decision = s.decide(t("2026-01-03T00:00:00Z"), t("2026-01-05T08:20:00Z"));
        assert_eq!(decision, Decision::Run { occurrence: t("2026-01-05T08:00:00Z") });
        assert_eq!(s.after_success(t("2026-01-05T08:21:00Z")), Some(Due::at(t("2026-01-05T09:00:00Z"))));
        let every = Schedule::every("30m", t("2026-01-01T00:00:00Z")).unwrap();
        assert_eq!(
            every.decide(t("2026-01-01T00:30:00Z"), t("2026-01-02T10:45:00Z")),
            Decision::Run { occurrence: t("2026-01-02T10:30:00Z") }
        );
    }

    #[test]
    fn an_occurrence_past_its_window_is_missed() {
        let s = cron("0 3 * * *", "UTC").with_window(Some("1h")).unwrap();
        let occurrence = t("2026-01-02T03:00:00Z");
        assert_eq!(s.decide(occurrence, t("2026-01-02T04:00:00Z")), Decision::Run { occurrence });
        assert_eq!(s.decide(occurrence, t("2026-01-02T04:00:01Z")), Decision::Missed { occurrence });
        assert_eq!(s.after_missed(t("2026-01-02T04:00:01Z")), Some(Due::at(t("2026-01-03T03:00:00Z"))));
        // Coalesced first, then judged: the latest occurrence is inside its window.
        assert_eq!(s.decide(t("2026-01-01T03:00:00Z"), t("2026-01-02T03:30:00Z")), Decision::Run { occurrence });
        // A retry of an occurrence is still bound by its window.
        assert_eq!(s.decide(occurrence, t("2026-01-02T05:00:00Z")), Decision::Missed { occurrence });
    }

    #[test]
    fn failures_back_off_and_never_past_the_next_occurrence() {
        assert_eq!(
            (1..=6).map(|n| format_duration(backoff(n))).collect::<Vec<_>>(),
            ["1m", "5m", "30m", "2h", "2h", "2h"]
        );
        let s = cron("0 */6 * * *", "UTC");
        let occurrence = t("2026-01-01T06:00:00Z");
        let now = t("2026-01-01T06:00:10Z");
        assert_eq!(s.after_failure(occurrence, 1, now), Due { at: t("2026-01-01T06:01:10Z"), occurrence });
        assert_eq!(s.after_failure(occurrence, 3, now), Due { at: t("2026-01-01T06:30:10Z"), occurrence });
        // Two hours after 11:00 is past 12:00: the next occurrence comes first.
        assert_eq!(s.after_failure(occurrence, 4, t("2026-01-01T11:00:00Z")), Due::at(t("2026-01-01T12:00:00Z")));
        // A one-off keeps being retried (every 2 h at most).
        let once = Schedule::once("2026-01-01T00:00:05Z", t("2026-01-01T00:00:00Z")).unwrap();
        let at = t("2026-01-01T00:00:05Z");
        assert_eq!(once.after_failure(at, 9, at), Due { at: t("2026-01-01T02:00:05Z"), occurrence: at });
    }

    #[test]
    fn stored_parts_round_trip() {
        let anchor = t("2026-01-01T00:00:00Z");
        for s in [
            cron("30 2 * * 1-5", "Europe/Berlin").with_window(Some("2h")).unwrap(),
            Schedule::every("1h30m", anchor).unwrap(),
            Schedule::once("2026-06-01T00:00:00Z", anchor).unwrap(),
        ] {
            let back =
                Schedule::from_parts(s.kind(), &s.expression(), s.window.map(|w| w.as_secs()), &s.time_zone, anchor)
                    .unwrap();
            assert_eq!(back.describe(), s.describe());
        }
        assert_eq!(
            cron("30 2 * * 1-5", "Europe/Berlin").with_window(Some("2h")).unwrap().describe(),
            "cron 30 2 * * 1-5 (Europe/Berlin), window 2h"
        );
        assert_eq!(
            Kind::parse("weekly").unwrap_err().to_string(),
            "the schedule kind 'weekly' is unknown (cron, every or once)"
        );
    }

    #[test]
    fn invalid_schedules_say_what_is_wrong() {
        let anchor = t("2026-01-01T00:00:00Z");
        let cron_err = |e: &str| Schedule::cron(e, "UTC", anchor).unwrap_err().to_string();
        assert_eq!(
            cron_err("* * * *"),
            "invalid cron expression '* * * *': it has 4 field(s); write 5: minute hour day-of-month month \
             day-of-week (e.g. `0 3 * * *`)"
        );
        assert_eq!(
            cron_err("0 0 0 * * *"),
            "invalid cron expression '0 0 0 * * *': it has 6 field(s); write 5: minute hour day-of-month month \
             day-of-week (e.g. `0 3 * * *`)"
        );
        let reasons: Vec<String> = ["61 * * * *", "* 24 * * *", "x * * * *", "* * 32 * *", "* * * 13 *", "* * * * 8"]
            .iter()
            .map(|bad| cron_err(bad))
            .collect();
        assert_eq!(
            reasons,
            [
                "invalid cron expression '61 * * * *': the minute field '61': number out of bounds",
                "invalid cron expression '* 24 * * *': the hour field '24': number out of bounds",
                "invalid cron expression 'x * * * *': the minute field 'x': it contains illegal character 'X' in part 'X'",
                "invalid cron expression '* * 32 * *': the day-of-month field '32': number out of bounds",
                "invalid cron expression '* * * 13 *': the month field '13': number out of bounds",
                "invalid cron expression '* * * * 8': the day-of-week field '8': number out of bounds",
            ]
        );
        assert_eq!(
            cron_err("0 0 30 2 *"),
            "invalid cron expression '0 0 30 2 *': it never matches a date (within the next years)"
        );
        assert_eq!(
            Schedule::cron("0 3 * * *", "Mars/Olympus", anchor).unwrap_err(),
            SpecError::TimeZone { zone: "Mars/Olympus".into() }
        );
        assert_eq!(
            Schedule::every("30s", anchor).unwrap_err().to_string(),
            "the interval '30s' is too short: the shortest is 1m"
        );
        assert_eq!(
            Schedule::every("1h", anchor).unwrap().with_window(Some("0s")).unwrap_err().to_string(),
            "the window '0s' is too short: the shortest is 1s"
        );
        let message = Schedule::once("tomorrow", anchor).unwrap_err().to_string();
        assert!(message.starts_with("'tomorrow' is not an RFC 3339 time: "), "{message}");
        assert!(message.ends_with("(write e.g. 2026-01-02T03:04:05Z)"), "{message}");
    }
}
