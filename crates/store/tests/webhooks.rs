//! Webhooks in the store, on both backends (SQLite and a real PostgreSQL): subscriptions
//! by environment and organization, secrets sealed at rest, deliveries recorded pending
//! with a lease, claimed once, finished, and copied between stores.

mod common;

use std::time::Duration;

use common::{Backend, name};
use escrot_store::*;
use jiff::Timestamp;
use zeroize::Zeroizing;

on_both_backends!(
    webhooks_are_created_listed_by_scope_and_removed,
    pending_deliveries_are_leased_claimed_once_and_finished,
    webhooks_are_copied_with_their_sealed_secrets,
    concurrent_claims_never_hand_out_a_delivery_twice,
);

const SECRET: &str = "whsec-test-0123456789abcdef";

fn new_webhook(scope: WebhookScope, url: &str) -> NewWebhook {
    NewWebhook {
        scope,
        url: url.into(),
        format: "raw".into(),
        events: vec!["rotation-failed".into(), "revision-created".into()],
        secret: Zeroizing::new(SECRET.into()),
    }
}

fn delivery(webhook: WebhookId, event: &str) -> NewDelivery {
    NewDelivery {
        webhook,
        event: event.into(),
        environment: Some("acme/app/prod".into()),
        attempt: Some("attempt-1".into()),
        payload: format!(r#"{{"event":"{event}"}}"#),
    }
}

fn webhooks_are_created_listed_by_scope_and_removed(b: &Backend) {
    let mut s = b.open();
    let (prod, dev) = (name("acme/app/prod"), name("acme/app/dev"));
    let env_scope = WebhookScope::Environment(prod.clone());
    let org_scope = WebhookScope::Org("acme".into());
    let one = s.create_webhook(&new_webhook(env_scope.clone(), "https://hooks.example.com/a")).unwrap();
    let org = s.create_webhook(&new_webhook(org_scope.clone(), "https://hooks.example.com/b")).unwrap();
    let other = s.create_webhook(&new_webhook(WebhookScope::Org("other".into()), "https://x.example.com/")).unwrap();
    assert_eq!(one.scope, env_scope);
    assert_eq!(one.events, ["rotation-failed", "revision-created"]);
    assert_eq!((one.url.as_str(), one.format.as_str()), ("https://hooks.example.com/a", "raw"));

    let ids = |v: Vec<WebhookRecord>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(s.list_webhooks(WebhookFilter::Scope(&env_scope)).unwrap()), [one.id]);
    assert_eq!(ids(s.list_webhooks(WebhookFilter::Scope(&org_scope)).unwrap()), [org.id]);
    assert_eq!(ids(s.list_webhooks(WebhookFilter::AppliesTo(&prod)).unwrap()), [one.id, org.id]);
    assert_eq!(ids(s.list_webhooks(WebhookFilter::AppliesTo(&dev)).unwrap()), [org.id]);
    assert_eq!(ids(s.list_webhooks(WebhookFilter::All(None)).unwrap()), [one.id, org.id, other.id]);
    assert_eq!(ids(s.list_webhooks(WebhookFilter::All(Some("other"))).unwrap()), [other.id]);

    assert_eq!(s.webhook(&env_scope, one.id).unwrap(), one);
    // A webhook is found only under its own scope.
    let e = s.webhook(&org_scope, one.id).unwrap_err();
    assert!(matches!(e, StoreError::WebhookNotFound { .. }), "{e:?}");
    assert_eq!(e.to_string(), format!("acme/* has no webhook {}", one.id));

    s.enqueue_deliveries(&[delivery(one.id, "ping")], "me", Timestamp::now()).unwrap();
    s.delete_webhook(&env_scope, one.id).unwrap();
    assert!(matches!(s.webhook(&env_scope, one.id), Err(StoreError::WebhookNotFound { .. })));
    assert_eq!(s.list_deliveries(one.id, 10).unwrap(), []);
    assert!(matches!(s.delete_webhook(&env_scope, one.id), Err(StoreError::WebhookNotFound { .. })));
}

fn pending_deliveries_are_leased_claimed_once_and_finished(b: &Backend) {
    let mut s = b.open();
    let hook = s.create_webhook(&new_webhook(WebhookScope::Org("acme".into()), "http://127.0.0.1:9/")).unwrap();
    let now = Timestamp::now();
    let later = now + Duration::from_secs(60);
    let ids =
        s.enqueue_deliveries(&[delivery(hook.id, "rotation-failed"), delivery(hook.id, "x")], "a", later).unwrap();
    assert_eq!(ids.len(), 2);

    // Another process does not take deliveries whose lease is live; their owner does.
    assert!(s.claim_deliveries("b", now, later, 10).unwrap().is_empty());
    let mine = s.claim_deliveries("a", now, later, 1).unwrap();
    assert_eq!(mine.len(), 1);
    let c = &mine[0];
    assert_eq!((c.delivery.id, c.delivery.status, c.delivery.tries), (ids[0], DeliveryStatus::Pending, 0));
    assert_eq!((c.url.as_str(), c.format.as_str(), c.secret.as_str()), ("http://127.0.0.1:9/", "raw", SECRET));
    assert_eq!(c.delivery.payload, r#"{"event":"rotation-failed"}"#);
    assert_eq!(c.delivery.attempt.as_deref(), Some("attempt-1"));

    let outcome = DeliveryOutcome {
        status: DeliveryStatus::Failed,
        status_code: Some(500),
        duration_ms: 1500,
        error: Some("HTTP 500".into()),
        tries: 3,
    };
    s.finish_delivery(ids[0], &outcome).unwrap();

    // Once its owner's lease expired (a process killed while sending), another takes it.
    let expired = later + Duration::from_secs(1);
    let taken = s.claim_deliveries("b", expired, expired + Duration::from_secs(60), 10).unwrap();
    assert_eq!(taken.iter().map(|c| c.delivery.id).collect::<Vec<_>>(), [ids[1]]);
    assert!(s.claim_deliveries("a", expired, expired, 10).unwrap().is_empty(), "b holds it now");

    let listed = s.list_deliveries(hook.id, 10).unwrap();
    assert_eq!(listed.iter().map(|d| d.id).collect::<Vec<_>>(), [ids[1], ids[0]], "newest first");
    let failed = &listed[1];
    assert_eq!(
        (failed.status, failed.status_code, failed.duration_ms, failed.error.as_deref(), failed.tries),
        (DeliveryStatus::Failed, Some(500), Some(1500), Some("HTTP 500"), 3)
    );
    assert!(failed.finished_at.is_some());
    assert_eq!(s.list_deliveries(hook.id, 1).unwrap().len(), 1);
    // A finished delivery is never claimed again.
    assert!(
        s.claim_deliveries("a", expired + Duration::from_secs(3600), expired, 10)
            .unwrap()
            .iter()
            .all(|c| c.delivery.id != ids[0])
    );
}

fn webhooks_are_copied_with_their_sealed_secrets(b: &Backend) {
    let mut source = b.open();
    let scope = WebhookScope::Environment(name("acme/app/prod"));
    let hook = source.create_webhook(&new_webhook(scope.clone(), "http://127.0.0.1:9/")).unwrap();
    let exported = source.export_webhooks().unwrap();
    assert_eq!(exported.len(), 1);
    assert!(!exported[0].sealed_secret.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()), "sealed at rest");
    // A copy holds the source's store key, so the sealed secret still opens there.
    let key = KeySource::Base64(source.key().to_base64());
    for target in [Backend::sqlite()].into_iter().chain(Backend::postgres("webhook_copy")) {
        let mut dest = open_store(&target.location(), &key).unwrap();
        dest.import_webhooks(&exported).unwrap();
        assert_eq!(dest.webhook(&scope, hook.id).unwrap(), hook);
        let next = dest.create_webhook(&new_webhook(scope.clone(), "http://127.0.0.1:10/")).unwrap();
        assert!(next.id > hook.id);
        dest.enqueue_deliveries(&[delivery(hook.id, "ping")], "me", Timestamp::now()).unwrap();
        let claimed = dest.claim_deliveries("me", Timestamp::now(), Timestamp::now(), 10).unwrap();
        assert_eq!(claimed[0].secret.as_str(), SECRET);
    }
}

/// Four processes (threads, each with its own store) claiming deliveries left by a dead
/// one at once never get the same delivery.
fn concurrent_claims_never_hand_out_a_delivery_twice(b: &Backend) {
    let mut s = b.open();
    let hook = s.create_webhook(&new_webhook(WebhookScope::Org("acme".into()), "http://127.0.0.1:9/")).unwrap();
    let past = Timestamp::now() - Duration::from_secs(60);
    let many: Vec<NewDelivery> = (0..40).map(|i| delivery(hook.id, &format!("e{i}"))).collect();
    let ids = s.enqueue_deliveries(&many, "dead", past).unwrap();
    let barrier = std::sync::Barrier::new(4);
    let claimed: Vec<DeliveryId> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|n| {
                let barrier = &barrier;
                scope.spawn(move || {
                    let mut store = b.open();
                    barrier.wait();
                    let owner = format!("runner-{n}");
                    let mut mine = Vec::new();
                    loop {
                        let later = Timestamp::now() + Duration::from_secs(600);
                        let got = store.claim_deliveries(&owner, Timestamp::now(), later, 3).unwrap();
                        // Its own are claimed again until finished: finish them.
                        let fresh: Vec<DeliveryId> =
                            got.iter().map(|c| c.delivery.id).filter(|id| !mine.contains(id)).collect();
                        if got.is_empty() {
                            return mine;
                        }
                        for id in &fresh {
                            let outcome = DeliveryOutcome {
                                status: DeliveryStatus::Delivered,
                                status_code: Some(200),
                                duration_ms: 1,
                                error: None,
                                tries: 1,
                            };
                            store.finish_delivery(*id, &outcome).unwrap();
                        }
                        mine.extend(fresh);
                    }
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let mut sorted = claimed.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), claimed.len(), "a delivery was claimed twice");
    assert_eq!(sorted, ids);
}
