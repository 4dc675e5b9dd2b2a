//! Rotation schedules in the store, on both backends (SQLite and a real PostgreSQL):
//! records, leases and the run history, with threads racing for due schedules.

mod common;

use std::collections::HashSet;
use std::sync::Barrier;
use std::thread;
use std::time::Duration;

use common::{Backend, name};
use escrot_store::*;
use jiff::Timestamp;

on_both_backends!(
    schedules_are_created_listed_changed_and_removed,
    only_due_unpaused_unleased_schedules_are_claimed,
    an_expired_lease_can_be_claimed_again_and_the_old_owner_no_longer_advances_it,
    concurrent_claims_never_hand_out_a_schedule_twice,
    schedules_are_copied_with_their_runs,
);

fn t(text: &str) -> Timestamp {
    text.parse().unwrap()
}

fn spec(expression: &str) -> ScheduleSpec {
    ScheduleSpec {
        kind: "cron".into(),
        expression: expression.into(),
        window_seconds: Some(3600),
        time_zone: "Europe/Berlin".into(),
        anchor_at: "2026-01-01T00:00:00Z".into(),
    }
}

fn due(at: &str) -> ScheduleDue {
    ScheduleDue { at: at.into(), occurrence: at.into() }
}

fn finish(claim: &Claim, result: ScheduleRunResult, next: Option<ScheduleDue>, failures: u32) -> RunFinish {
    RunFinish {
        run: ScheduleRun {
            schedule: claim.schedule.id,
            occurrence_at: claim.schedule.due.as_ref().unwrap().occurrence.clone(),
            started_at: "2026-01-02T03:00:05Z".into(),
            duration_ms: 1200,
            result,
            revision: (result == ScheduleRunResult::Succeeded).then_some(2),
            attempt: Some(claim.attempt.clone()),
            error: (result == ScheduleRunResult::Failed).then(|| "password: boom".into()),
            runner: "runner-a".into(),
        },
        next_due: next,
        consecutive_failures: failures,
    }
}

const LEASE: Duration = Duration::from_secs(600);

fn schedules_are_created_listed_changed_and_removed(b: &Backend) {
    let mut s = b.open();
    let (app, db) = (name("app/prod"), name("db/prod"));
    s.create_environment(&app, "values: {}\n", "alice").unwrap();
    s.create_environment(&db, "values: {}\n", "alice").unwrap();
    let paths = vec!["db.password".to_owned(), r#"a["b.c"]"#.to_owned()];
    let one = s.create_schedule(&app, &paths, &spec("30 2 * * *"), Some(&due("2026-01-02T01:30:00Z"))).unwrap();
    assert_eq!(one.env, app);
    assert_eq!(one.paths, paths);
    assert_eq!(one.spec, spec("30 2 * * *"));
    assert_eq!(one.due, Some(due("2026-01-02T01:30:00Z")));
    assert_eq!((one.last_run.clone(), one.consecutive_failures, one.paused, one.lease.clone()), (None, 0, false, None));
    let two = s.create_schedule(&app, &[], &spec("0 3 * * 1"), None).unwrap();
    let other = s.create_schedule(&db, &[], &spec("0 4 * * *"), None).unwrap();
    assert!(two.id != one.id && other.id != two.id);

    let ids = |v: Vec<ScheduleRecord>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(s.list_schedules(Some(&app), None).unwrap()), [one.id, two.id]);
    assert_eq!(ids(s.list_schedules(None, None).unwrap()), [one.id, two.id, other.id]);
    assert_eq!(ids(s.list_schedules(None, Some("other")).unwrap()), []);
    assert_eq!(s.schedule(&app, one.id).unwrap(), one);
    let e = s.schedule(&db, one.id).unwrap_err();
    assert_eq!(e.to_string(), format!("environment 'acme/db/prod' has no schedule {}", one.id));

    let paused = s.update_schedule(&app, one.id, &ScheduleChange { paused: Some(true), ..Default::default() }).unwrap();
    assert!(paused.paused);
    let change = ScheduleChange {
        paths: Some(vec![]),
        spec: Some((spec("0 5 * * *"), Some(due("2026-01-03T04:00:00Z")))),
        paused: Some(false),
    };
    let edited = s.update_schedule(&app, one.id, &change).unwrap();
    assert_eq!((edited.paths.len(), edited.spec.expression.as_str(), edited.paused), (0, "0 5 * * *", false));
    assert_eq!(edited.due, Some(due("2026-01-03T04:00:00Z")));

    s.delete_schedule(&app, two.id).unwrap();
    assert!(matches!(s.delete_schedule(&app, two.id), Err(StoreError::ScheduleNotFound { .. })));
    assert_eq!(ids(s.list_schedules(Some(&app), None).unwrap()), [one.id]);

    // Deleting an environment removes its schedules and their history.
    let claims = s.claim_due_schedules(t("2026-01-03T04:00:00Z"), "runner-a", LEASE, 10, None).unwrap();
    assert_eq!(claims.len(), 1);
    s.finish_schedule_run("runner-a", &claims[0].attempt, &finish(&claims[0], ScheduleRunResult::Succeeded, None, 0))
        .unwrap();
    s.delete_environment(&app).unwrap();
    assert_eq!(ids(s.list_schedules(None, None).unwrap()), [other.id]);
    s.create_environment(&app, "values: {}\n", "alice").unwrap();
    assert_eq!(ids(s.list_schedules(Some(&app), None).unwrap()), []);
    assert_eq!(s.schedule_history(&app, None).unwrap(), []);
}

fn only_due_unpaused_unleased_schedules_are_claimed(b: &Backend) {
    let mut s = b.open();
    let env = name("app/prod");
    s.create_environment(&env, "values: {}\n", "alice").unwrap();
    let early = s.create_schedule(&env, &[], &spec("0 1 * * *"), Some(&due("2026-01-02T01:00:00Z"))).unwrap();
    let later = s.create_schedule(&env, &[], &spec("0 2 * * *"), Some(&due("2026-01-02T02:00:00Z"))).unwrap();
    let paused = s.create_schedule(&env, &[], &spec("0 0 * * *"), Some(&due("2026-01-02T00:00:00Z"))).unwrap();
    s.update_schedule(&env, paused.id, &ScheduleChange { paused: Some(true), ..Default::default() }).unwrap();
    s.create_schedule(&env, &[], &spec("0 9 * * *"), Some(&due("2026-01-02T09:00:00Z"))).unwrap();
    s.create_schedule(&env, &[], &spec("0 9 * * *"), None).unwrap();
    s.create_environment(&name("other/x"), "values: {}\n", "alice").unwrap();

    let now = t("2026-01-02T03:00:00Z");
    assert_eq!(s.claim_due_schedules(now, "runner-a", LEASE, 10, Some("nobody")).unwrap(), []);
    let claims = s.claim_due_schedules(now, "runner-a", LEASE, 1, None).unwrap();
    assert_eq!(claims.iter().map(|c| c.schedule.id).collect::<Vec<_>>(), [early.id], "oldest due first, limit 1");
    let lease = claims[0].schedule.lease.clone().unwrap();
    assert_eq!(
        lease,
        Lease {
            owner: "runner-a".into(),
            expires_at: "2026-01-02T03:10:00Z".into(),
            attempt: claims[0].attempt.clone()
        }
    );
    assert_eq!(claims[0].previous_attempt, None);
    let rest = s.claim_due_schedules(now, "runner-b", LEASE, 10, None).unwrap();
    assert_eq!(rest.iter().map(|c| c.schedule.id).collect::<Vec<_>>(), [later.id]);
    assert_eq!(s.claim_due_schedules(now, "runner-c", LEASE, 10, None).unwrap(), []);

    // Finished while the lease is held: recorded, advanced, released.
    let next = due("2026-01-03T01:00:00Z");
    let held = s
        .finish_schedule_run(
            "runner-a",
            &claims[0].attempt,
            &finish(&claims[0], ScheduleRunResult::Failed, Some(next.clone()), 1),
        )
        .unwrap();
    assert!(held);
    let after = s.schedule(&env, early.id).unwrap();
    assert_eq!((after.due, after.lease, after.consecutive_failures), (Some(next), None, 1));
    let last = after.last_run.unwrap();
    assert_eq!(
        (last.result, last.revision, last.attempt),
        (ScheduleRunResult::Failed, None, Some(claims[0].attempt.clone()))
    );
    let history = s.schedule_history(&env, Some(early.id)).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].error.as_deref(), Some("password: boom"));
    assert_eq!(s.schedule_history(&env, None).unwrap().len(), 1);
}

fn an_expired_lease_can_be_claimed_again_and_the_old_owner_no_longer_advances_it(b: &Backend) {
    let mut s = b.open();
    let env = name("app/prod");
    s.create_environment(&env, "values: {}\n", "alice").unwrap();
    let sched = s.create_schedule(&env, &[], &spec("0 1 * * *"), Some(&due("2026-01-02T01:00:00Z"))).unwrap();
    let first = s.claim_due_schedules(t("2026-01-02T01:00:00Z"), "runner-a", LEASE, 10, None).unwrap();
    assert_eq!(first.len(), 1);
    // Still leased a second before it expires; free at its expiry.
    assert_eq!(s.claim_due_schedules(t("2026-01-02T01:09:59Z"), "runner-b", LEASE, 10, None).unwrap(), []);
    assert!(s.renew_schedule_lease(sched.id, "runner-a", &first[0].attempt, t("2026-01-02T01:20:00Z")).unwrap());
    assert_eq!(s.claim_due_schedules(t("2026-01-02T01:19:59Z"), "runner-b", LEASE, 10, None).unwrap(), []);
    let second = s.claim_due_schedules(t("2026-01-02T01:20:00Z"), "runner-b", LEASE, 10, None).unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].previous_attempt.as_ref(), Some(&first[0].attempt), "the taken-over attempt");
    assert_ne!(second[0].attempt, first[0].attempt);
    assert!(!s.renew_schedule_lease(sched.id, "runner-a", &first[0].attempt, t("2026-01-02T02:00:00Z")).unwrap());

    // The old owner's late finish is recorded but does not move the schedule.
    let late = finish(&first[0], ScheduleRunResult::Succeeded, Some(due("2026-01-03T01:00:00Z")), 0);
    assert!(!s.finish_schedule_run("runner-a", &first[0].attempt, &late).unwrap());
    let now = s.schedule(&env, sched.id).unwrap();
    assert_eq!(now.due, Some(due("2026-01-02T01:00:00Z")));
    assert_eq!(now.lease.unwrap().owner, "runner-b");
    let mut by_b = finish(&second[0], ScheduleRunResult::Succeeded, Some(due("2026-01-03T01:00:00Z")), 0);
    by_b.run.runner = "runner-b".into();
    assert!(s.finish_schedule_run("runner-b", &second[0].attempt, &by_b).unwrap());
    let done = s.schedule(&env, sched.id).unwrap();
    assert_eq!((done.due, done.lease), (Some(due("2026-01-03T01:00:00Z")), None));
    let runners: Vec<String> = s.schedule_history(&env, None).unwrap().into_iter().map(|r| r.runner).collect();
    assert_eq!(runners, ["runner-b", "runner-a"]);
    // A finished run leaves no attempt behind for the next claim to take over.
    let next =
        s.claim_due_schedules(t("2026-01-03T01:00:00.5Z"), "runner-c", Duration::from_secs(10), 10, None).unwrap();
    assert_eq!(next[0].previous_attempt, None);
    // Times are kept to the second: a lease's expiry is rounded up, never down.
    assert_eq!(next[0].schedule.lease.as_ref().unwrap().expires_at, "2026-01-03T01:00:11Z");
}

fn concurrent_claims_never_hand_out_a_schedule_twice(b: &Backend) {
    let mut s = b.open();
    for i in 0..40 {
        let env = name(&format!("app/env{i:02}"));
        s.create_environment(&env, "values: {}\n", "alice").unwrap();
        s.create_schedule(&env, &[], &spec("0 1 * * *"), Some(&due("2026-01-02T01:00:00Z"))).unwrap();
    }
    drop(s);
    let barrier = Barrier::new(4);
    let claimed: Vec<Vec<ScheduleId>> = thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|n| {
                let barrier = &barrier;
                scope.spawn(move || {
                    // Each runner has its own store (its own connection), as processes would.
                    let mut s = b.open();
                    barrier.wait();
                    let mut mine = Vec::new();
                    loop {
                        let owner = format!("runner-{n}");
                        let claims = s.claim_due_schedules(t("2026-01-02T01:00:00Z"), &owner, LEASE, 3, None).unwrap();
                        if claims.is_empty() {
                            return mine;
                        }
                        mine.extend(claims.into_iter().map(|c| c.schedule.id));
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut seen = HashSet::new();
    let mut total = 0;
    for ids in claimed {
        for id in ids {
            total += 1;
            assert!(seen.insert(id), "schedule {id} was claimed twice");
        }
    }
    assert_eq!((total, seen.len()), (40, 40));
}

/// `store copy` carries schedules and their history (not their leases) to either backend;
/// the copied schedule gets the destination's id, and its runs follow it.
fn schedules_are_copied_with_their_runs(b: &Backend) {
    let mut s = b.open();
    let env = name("db/prod");
    s.create_environment(&env, "values: {}\n", "alice").unwrap();
    s.create_schedule(&env, &["creds".into()], &spec("0 1 * * *"), Some(&due("2026-01-02T01:00:00Z"))).unwrap();
    let claim = s.claim_due_schedules(t("2026-01-02T01:00:00Z"), "runner-a", LEASE, 1, None).unwrap().remove(0);
    let next = Some(due("2026-01-03T01:00:00Z"));
    assert!(
        s.finish_schedule_run("runner-a", &claim.attempt, &finish(&claim, ScheduleRunResult::Failed, next, 1)).unwrap()
    );
    s.claim_due_schedules(t("2026-01-03T01:00:00Z"), "runner-b", LEASE, 1, None).unwrap();
    let exported = s.export_environments().unwrap();
    assert_eq!((exported[0].schedules.len(), exported[0].schedule_runs.len()), (1, 1));
    assert!(exported[0].schedules[0].lease.is_none());
    for target in [Backend::sqlite()].into_iter().chain(Backend::postgres("schedule_copy")) {
        let mut t = target.open();
        t.import_environments(&exported).unwrap();
        let copied = t.list_schedules(Some(&env), None).unwrap();
        let original = s.list_schedules(Some(&env), None).unwrap();
        assert_eq!(copied.len(), 1);
        let strip = |r: &ScheduleRecord| ScheduleRecord { id: ScheduleId(0), lease: None, ..r.clone() };
        assert_eq!(strip(&copied[0]), strip(&original[0]));
        let runs = t.schedule_history(&env, Some(copied[0].id)).unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(
            ScheduleRun { schedule: original[0].id, ..runs[0].clone() },
            s.schedule_history(&env, None).unwrap()[0]
        );
    }
}
