//! Webhooks of a PostgreSQL store and the record of their deliveries, with the semantics
//! of SQLite's (`sqlite/webhooks.rs`). A claim locks the pending rows it takes
//! (`FOR UPDATE OF d SKIP LOCKED`), so processes claiming at once never take the same one.

use std::sync::Arc;

use jiff::Timestamp;
use tokio_postgres::Row;

use super::client::{PgClient, Tx};
use super::revisions::read_tx;
use super::{to_i64, to_u64};
use crate::error::StoreError;
use crate::key::StoreKey;
use crate::time::{format_timestamp, now_rfc3339};
use crate::webhook::{
    ClaimedDelivery, DeliveryId, DeliveryOutcome, DeliveryRecord, DeliveryStatus, NewDelivery, NewWebhook,
    WebhookExport, WebhookFilter, WebhookId, WebhookRecord, WebhookScope, open_secret, secret_aad,
};

const WEBHOOK_COLUMNS: &str = "id, org, project, env, url, format, events, created_at, secret FROM webhooks";

macro_rules! delivery_columns {
    () => {
        "d.id, d.webhook_id, d.event, d.environment, d.attempt_id, d.payload, d.status, d.status_code, \
         d.duration_ms, d.error, d.tries, d.created_at, d.finished_at"
    };
}

fn events_json(events: &[String]) -> String {
    serde_json::to_string(events).unwrap_or_else(|_| "[]".to_owned())
}

fn read_webhook(r: &Row) -> Result<(WebhookRecord, Vec<u8>), StoreError> {
    let events: String = r.get(6);
    let events = serde_json::from_str(&events)
        .map_err(|_| StoreError::Corrupt(format!("a webhook's events are not a JSON list: {events}")))?;
    let record = WebhookRecord {
        id: WebhookId(r.get(0)),
        scope: WebhookScope::from_columns(r.get(1), r.get(2), r.get(3)),
        url: r.get(4),
        format: r.get(5),
        events,
        created_at: r.get(7),
    };
    Ok((record, r.get(8)))
}

fn read_delivery(r: &Row) -> Result<DeliveryRecord, StoreError> {
    Ok(DeliveryRecord {
        id: DeliveryId(r.get(0)),
        webhook: WebhookId(r.get(1)),
        event: r.get(2),
        environment: r.get(3),
        attempt: r.get(4),
        payload: r.get(5),
        status: DeliveryStatus::from_db(r.get(6))?,
        status_code: r.get::<_, Option<i32>>(7).and_then(|c| u16::try_from(c).ok()),
        duration_ms: r.get::<_, Option<i64>>(8).map(to_u64).transpose()?,
        error: r.get(9),
        tries: u32::try_from(r.get::<_, i32>(10)).unwrap_or(0),
        created_at: r.get(11),
        finished_at: r.get(12),
    })
}

async fn by_id(tx: &Tx<'_>, scope: &WebhookScope, id: WebhookId) -> Result<(WebhookRecord, Vec<u8>), StoreError> {
    let sql = format!("SELECT {WEBHOOK_COLUMNS} WHERE id = $1");
    let row = tx.query_opt(sql.as_str(), &[&id.0]).await?;
    row.as_ref()
        .map(read_webhook)
        .transpose()?
        .filter(|(record, _)| &record.scope == scope)
        .ok_or_else(|| StoreError::WebhookNotFound { scope: scope.to_string(), id: id.0 })
}

pub(super) async fn create(
    client: &mut PgClient,
    key: Arc<StoreKey>,
    new: NewWebhook,
) -> Result<WebhookRecord, StoreError> {
    let sealed = key.seal(&secret_aad(&new.scope, &new.url), new.secret.as_bytes())?;
    let tx = client.transaction().await?;
    super::meta::ensure_current_key(&tx, &key).await?;
    let (project, env) = new.scope.columns();
    let row = tx
        .query_one(
            "INSERT INTO webhooks (org, project, env, url, format, events, secret, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            &[
                &new.scope.org(),
                &project,
                &env,
                &new.url,
                &new.format,
                &events_json(&new.events),
                &sealed,
                &now_rfc3339(),
            ],
        )
        .await?;
    let (record, _) = by_id(&tx, &new.scope, WebhookId(row.get(0))).await?;
    tx.commit().await?;
    Ok(record)
}

pub(super) async fn list(
    client: &mut PgClient,
    scope: Option<WebhookScope>,
    applies_to: Option<crate::name::EnvName>,
    org: Option<String>,
) -> Result<Vec<WebhookRecord>, StoreError> {
    let tx = read_tx(client).await?;
    let rows = if let Some(scope) = scope {
        let (project, env) = scope.columns();
        let sql = format!(
            "SELECT {WEBHOOK_COLUMNS} WHERE org = $1 AND project IS NOT DISTINCT FROM $2 \
             AND env IS NOT DISTINCT FROM $3 ORDER BY id"
        );
        tx.query(sql.as_str(), &[&scope.org(), &project, &env]).await?
    } else if let Some(name) = applies_to {
        let sql = format!(
            "SELECT {WEBHOOK_COLUMNS} WHERE org = $1 AND (project IS NULL OR (project = $2 AND env = $3)) ORDER BY id"
        );
        tx.query(sql.as_str(), &[&name.org, &name.project, &name.env]).await?
    } else {
        let sql = format!("SELECT {WEBHOOK_COLUMNS} WHERE $1::text IS NULL OR org = $1 ORDER BY id");
        tx.query(sql.as_str(), &[&org]).await?
    };
    rows.iter().map(|r| read_webhook(r).map(|(record, _)| record)).collect()
}

/// The arguments of [`list`] for a filter, owned for the connection's thread.
pub(super) fn filter_parts(
    filter: WebhookFilter<'_>,
) -> (Option<WebhookScope>, Option<crate::name::EnvName>, Option<String>) {
    match filter {
        WebhookFilter::Scope(scope) => (Some(scope.clone()), None, None),
        WebhookFilter::AppliesTo(name) => (None, Some(name.clone()), None),
        WebhookFilter::All(org) => (None, None, org.map(str::to_owned)),
    }
}

pub(super) async fn get(
    client: &mut PgClient,
    scope: WebhookScope,
    id: WebhookId,
) -> Result<WebhookRecord, StoreError> {
    let tx = read_tx(client).await?;
    Ok(by_id(&tx, &scope, id).await?.0)
}

pub(super) async fn delete(client: &mut PgClient, scope: WebhookScope, id: WebhookId) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    by_id(&tx, &scope, id).await?;
    tx.execute("DELETE FROM webhook_deliveries WHERE webhook_id = $1", &[&id.0]).await?;
    tx.execute("DELETE FROM webhooks WHERE id = $1", &[&id.0]).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn enqueue(
    client: &mut PgClient,
    deliveries: Vec<NewDelivery>,
    owner: String,
    lease_until: Timestamp,
) -> Result<Vec<DeliveryId>, StoreError> {
    if deliveries.is_empty() {
        return Ok(Vec::new());
    }
    let tx = client.transaction().await?;
    let (now, until) = (now_rfc3339(), format_timestamp(lease_until));
    let mut ids = Vec::with_capacity(deliveries.len());
    for d in &deliveries {
        let row = tx
            .query_one(
                "INSERT INTO webhook_deliveries (webhook_id, event, environment, attempt_id, payload, status, \
                 lease_owner, lease_expires_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8) \
                 RETURNING id",
                &[&d.webhook.0, &d.event, &d.environment, &d.attempt, &d.payload, &owner, &until, &now],
            )
            .await?;
        ids.push(DeliveryId(row.get(0)));
    }
    tx.commit().await?;
    Ok(ids)
}

pub(super) struct ClaimRequest {
    pub(super) owner: String,
    pub(super) now: Timestamp,
    pub(super) lease_until: Timestamp,
    pub(super) limit: usize,
}

pub(super) async fn claim(
    client: &mut PgClient,
    key: Arc<StoreKey>,
    req: ClaimRequest,
) -> Result<Vec<ClaimedDelivery>, StoreError> {
    let tx = client.transaction().await?;
    let sql = concat!(
        "SELECT ",
        delivery_columns!(),
        ", w.org, w.project, w.env, w.url, w.format, w.secret FROM webhook_deliveries d \
         JOIN webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending' \
         AND (d.lease_owner = $1 OR d.lease_expires_at IS NULL OR d.lease_expires_at <= $2) \
         ORDER BY d.id LIMIT $3 FOR UPDATE OF d SKIP LOCKED"
    );
    let limit = i64::try_from(req.limit).unwrap_or(i64::MAX);
    let rows = tx.query(sql, &[&req.owner, &format_timestamp(req.now), &limit]).await?;
    let mut claimed = Vec::with_capacity(rows.len());
    for r in &rows {
        let scope = WebhookScope::from_columns(r.get(13), r.get(14), r.get(15));
        let (url, format, sealed): (String, String, Vec<u8>) = (r.get(16), r.get(17), r.get(18));
        let secret = open_secret(&key, &scope, &url, &sealed)?;
        claimed.push(ClaimedDelivery { delivery: read_delivery(r)?, url, format, secret });
    }
    let ids: Vec<i64> = claimed.iter().map(|c| c.delivery.id.0).collect();
    tx.execute(
        "UPDATE webhook_deliveries SET lease_owner = $2, lease_expires_at = $3 WHERE id = ANY($1)",
        &[&ids, &req.owner, &format_timestamp(req.lease_until)],
    )
    .await?;
    tx.commit().await?;
    Ok(claimed)
}

pub(super) async fn finish(client: &mut PgClient, id: DeliveryId, outcome: DeliveryOutcome) -> Result<(), StoreError> {
    client
        .execute(
            "UPDATE webhook_deliveries SET status = $2, status_code = $3, duration_ms = $4, error = $5, tries = $6, \
             finished_at = $7, lease_owner = NULL, lease_expires_at = NULL WHERE id = $1",
            &[
                &id.0,
                &outcome.status.as_str(),
                &outcome.status_code.map(i32::from),
                &to_i64(outcome.duration_ms)?,
                &outcome.error,
                &i32::try_from(outcome.tries).unwrap_or(i32::MAX),
                &now_rfc3339(),
            ],
        )
        .await?;
    Ok(())
}

pub(super) async fn deliveries(
    client: &mut PgClient,
    id: WebhookId,
    limit: usize,
) -> Result<Vec<DeliveryRecord>, StoreError> {
    let tx = read_tx(client).await?;
    let sql = concat!(
        "SELECT ",
        delivery_columns!(),
        " FROM webhook_deliveries d WHERE d.webhook_id = $1 ORDER BY d.id DESC LIMIT $2"
    );
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = tx.query(sql, &[&id.0, &limit]).await?;
    rows.iter().map(read_delivery).collect()
}

pub(super) async fn export(client: &mut PgClient) -> Result<Vec<WebhookExport>, StoreError> {
    let tx = read_tx(client).await?;
    let sql = format!("SELECT {WEBHOOK_COLUMNS} ORDER BY id");
    let rows = tx.query(sql.as_str(), &[]).await?;
    rows.iter()
        .map(|r| read_webhook(r).map(|(record, sealed_secret)| WebhookExport { record, sealed_secret }))
        .collect()
}

pub(super) async fn import(
    client: &mut PgClient,
    key: Arc<StoreKey>,
    webhooks: Vec<WebhookExport>,
) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    super::meta::ensure_current_key(&tx, &key).await?;
    for w in &webhooks {
        let r = &w.record;
        let (project, env) = r.scope.columns();
        tx.execute(
            "INSERT INTO webhooks (id, org, project, env, url, format, events, secret, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &r.id.0,
                &r.scope.org(),
                &project,
                &env,
                &r.url,
                &r.format,
                &events_json(&r.events),
                &w.sealed_secret,
                &r.created_at,
            ],
        )
        .await?;
    }
    // Later webhooks get ids after the copied ones.
    tx.execute(
        "SELECT setval(pg_get_serial_sequence('webhooks', 'id'), GREATEST((SELECT MAX(id) FROM webhooks), 1))",
        &[],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
