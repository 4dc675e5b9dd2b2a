//! Webhooks of an SQLite store and the record of their deliveries (see
//! [`webhook`](crate::webhook)). A claim of pending deliveries is one `BEGIN IMMEDIATE`
//! transaction, so two processes never claim the same one.

use jiff::Timestamp;
use rusqlite::{Connection, Row, params};

use super::{keyed_write_tx, to_i64, to_u64, write_tx};
use crate::error::StoreError;
use crate::key::StoreKey;
use crate::time::{format_timestamp, now_rfc3339};
use crate::webhook::{
    ClaimedDelivery, DeliveryId, DeliveryOutcome, DeliveryRecord, DeliveryStatus, NewDelivery, NewWebhook,
    WebhookExport, WebhookFilter, WebhookId, WebhookRecord, WebhookScope, secret_aad,
};

const WEBHOOK_COLUMNS: &str = "id, org, project, env, url, format, events, created_at, secret FROM webhooks";

const DELIVERY_COLUMNS: &str = "d.id, d.webhook_id, d.event, d.environment, d.attempt_id, d.payload, d.status, \
     d.status_code, d.duration_ms, d.error, d.tries, d.created_at, d.finished_at";

fn events_json(events: &[String]) -> String {
    serde_json::to_string(events).unwrap_or_else(|_| "[]".to_owned())
}

fn parse_events(text: &str) -> Result<Vec<String>, StoreError> {
    serde_json::from_str(text)
        .map_err(|_| StoreError::Corrupt(format!("a webhook's events are not a JSON list: {text}")))
}

/// A webhook row: the record and its sealed secret.
fn read_webhook(r: &Row<'_>) -> rusqlite::Result<(WebhookRecord, String, Vec<u8>)> {
    let record = WebhookRecord {
        id: WebhookId(r.get(0)?),
        scope: WebhookScope::from_columns(r.get(1)?, r.get(2)?, r.get(3)?),
        url: r.get(4)?,
        format: r.get(5)?,
        events: Vec::new(),
        created_at: r.get(7)?,
    };
    Ok((record, r.get(6)?, r.get(8)?))
}

fn query_webhooks(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<(WebhookRecord, Vec<u8>)>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map(params, read_webhook)?;
    let mut out = Vec::new();
    for row in rows {
        let (mut record, events, secret) = row?;
        record.events = parse_events(&events)?;
        out.push((record, secret));
    }
    Ok(out)
}

fn read_delivery(r: &Row<'_>) -> rusqlite::Result<Result<DeliveryRecord, StoreError>> {
    let status: String = r.get(6)?;
    let code: Option<i64> = r.get(7)?;
    let duration: Option<i64> = r.get(8)?;
    let tries: i64 = r.get(10)?;
    let (id, webhook, event, environment, attempt, payload): (
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        String,
    ) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
    let (error, created_at, finished_at): (Option<String>, String, Option<String>) =
        (r.get(9)?, r.get(11)?, r.get(12)?);
    Ok((|| {
        Ok(DeliveryRecord {
            id: DeliveryId(id),
            webhook: WebhookId(webhook),
            event,
            environment,
            attempt,
            payload,
            status: DeliveryStatus::from_db(&status)?,
            status_code: code.and_then(|c| u16::try_from(c).ok()),
            duration_ms: duration.map(to_u64).transpose()?,
            error,
            tries: u32::try_from(tries).unwrap_or(u32::MAX),
            created_at,
            finished_at,
        })
    })())
}

fn by_id(conn: &Connection, scope: &WebhookScope, id: WebhookId) -> Result<(WebhookRecord, Vec<u8>), StoreError> {
    let sql = format!("SELECT {WEBHOOK_COLUMNS} WHERE id = ?1");
    query_webhooks(conn, &sql, [id.0])?
        .pop()
        .filter(|(record, _)| &record.scope == scope)
        .ok_or_else(|| StoreError::WebhookNotFound { scope: scope.to_string(), id: id.0 })
}

pub(super) fn create(conn: &mut Connection, key: &StoreKey, new: &NewWebhook) -> Result<WebhookRecord, StoreError> {
    let sealed = key.seal(&secret_aad(&new.scope, &new.url), new.secret.as_bytes())?;
    let tx = keyed_write_tx(conn, key)?;
    let (project, env) = new.scope.columns();
    tx.execute(
        "INSERT INTO webhooks (org, project, env, url, format, events, secret, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![new.scope.org(), project, env, new.url, new.format, events_json(&new.events), sealed, now_rfc3339()],
    )?;
    let id = WebhookId(tx.last_insert_rowid());
    let (record, _) = by_id(&tx, &new.scope, id)?;
    tx.commit()?;
    Ok(record)
}

pub(super) fn list(conn: &Connection, filter: WebhookFilter<'_>) -> Result<Vec<WebhookRecord>, StoreError> {
    let rows = match filter {
        WebhookFilter::Scope(scope) => {
            let (project, env) = scope.columns();
            let sql = format!("SELECT {WEBHOOK_COLUMNS} WHERE org = ?1 AND project IS ?2 AND env IS ?3 ORDER BY id");
            query_webhooks(conn, &sql, params![scope.org(), project, env])?
        }
        WebhookFilter::AppliesTo(name) => {
            let sql = format!(
                "SELECT {WEBHOOK_COLUMNS} WHERE org = ?1 AND (project IS NULL OR (project = ?2 AND env = ?3)) \
                 ORDER BY id"
            );
            query_webhooks(conn, &sql, params![name.org, name.project, name.env])?
        }
        WebhookFilter::All(org) => {
            let sql = format!("SELECT {WEBHOOK_COLUMNS} WHERE ?1 IS NULL OR org = ?1 ORDER BY id");
            query_webhooks(conn, &sql, params![org])?
        }
    };
    Ok(rows.into_iter().map(|(record, _)| record).collect())
}

pub(super) fn get(conn: &Connection, scope: &WebhookScope, id: WebhookId) -> Result<WebhookRecord, StoreError> {
    Ok(by_id(conn, scope, id)?.0)
}

pub(super) fn delete(conn: &mut Connection, scope: &WebhookScope, id: WebhookId) -> Result<(), StoreError> {
    let tx = write_tx(conn)?;
    by_id(&tx, scope, id)?;
    tx.execute("DELETE FROM webhook_deliveries WHERE webhook_id = ?1", [id.0])?;
    tx.execute("DELETE FROM webhooks WHERE id = ?1", [id.0])?;
    tx.commit()?;
    Ok(())
}

pub(super) fn enqueue(
    conn: &mut Connection,
    deliveries: &[NewDelivery],
    owner: &str,
    lease_until: Timestamp,
) -> Result<Vec<DeliveryId>, StoreError> {
    if deliveries.is_empty() {
        return Ok(Vec::new());
    }
    let tx = write_tx(conn)?;
    let (now, until) = (now_rfc3339(), format_timestamp(lease_until));
    let mut ids = Vec::with_capacity(deliveries.len());
    for d in deliveries {
        tx.execute(
            "INSERT INTO webhook_deliveries (webhook_id, event, environment, attempt_id, payload, status, \
             lease_owner, lease_expires_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', ?6, ?7, ?8)",
            params![d.webhook.0, d.event, d.environment, d.attempt, d.payload, owner, until, now],
        )?;
        ids.push(DeliveryId(tx.last_insert_rowid()));
    }
    tx.commit()?;
    Ok(ids)
}

pub(super) fn claim(
    conn: &mut Connection,
    key: &StoreKey,
    owner: &str,
    now: Timestamp,
    lease_until: Timestamp,
    limit: usize,
) -> Result<Vec<ClaimedDelivery>, StoreError> {
    let tx = write_tx(conn)?;
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS}, w.org, w.project, w.env, w.url, w.format, w.secret FROM webhook_deliveries d \
         JOIN webhooks w ON w.id = d.webhook_id WHERE d.status = 'pending' \
         AND (d.lease_owner = ?1 OR d.lease_expires_at IS NULL OR d.lease_expires_at <= ?2) ORDER BY d.id LIMIT ?3"
    );
    let mut claimed = Vec::new();
    {
        let mut stmt = tx.prepare(&sql)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![owner, format_timestamp(now), limit], |r| {
            let delivery = read_delivery(r)?;
            let scope = WebhookScope::from_columns(r.get(13)?, r.get(14)?, r.get(15)?);
            Ok((delivery, scope, r.get::<_, String>(16)?, r.get::<_, String>(17)?, r.get::<_, Vec<u8>>(18)?))
        })?;
        for row in rows {
            let (delivery, scope, url, format, sealed) = row?;
            let secret = crate::webhook::open_secret(key, &scope, &url, &sealed)?;
            claimed.push(ClaimedDelivery { delivery: delivery?, url, format, secret });
        }
    }
    let until = format_timestamp(lease_until);
    for c in &claimed {
        tx.execute(
            "UPDATE webhook_deliveries SET lease_owner = ?2, lease_expires_at = ?3 WHERE id = ?1",
            params![c.delivery.id.0, owner, until],
        )?;
    }
    tx.commit()?;
    Ok(claimed)
}

pub(super) fn finish(conn: &mut Connection, id: DeliveryId, outcome: &DeliveryOutcome) -> Result<(), StoreError> {
    let tx = write_tx(conn)?;
    tx.execute(
        "UPDATE webhook_deliveries SET status = ?2, status_code = ?3, duration_ms = ?4, error = ?5, tries = ?6, \
         finished_at = ?7, lease_owner = NULL, lease_expires_at = NULL WHERE id = ?1",
        params![
            id.0,
            outcome.status.as_str(),
            outcome.status_code.map(i64::from),
            to_i64(outcome.duration_ms)?,
            outcome.error,
            i64::from(outcome.tries),
            now_rfc3339(),
        ],
    )?;
    tx.commit()?;
    Ok(())
}

pub(super) fn deliveries(conn: &Connection, id: WebhookId, limit: usize) -> Result<Vec<DeliveryRecord>, StoreError> {
    let sql = format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.webhook_id = ?1 ORDER BY d.id DESC LIMIT ?2"
    );
    let mut stmt = conn.prepare(&sql)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let rows = stmt.query_map(params![id.0, limit], read_delivery)?;
    let mut out = Vec::new();
    for row in rows {
        out.push(row??);
    }
    Ok(out)
}

pub(super) fn export(conn: &Connection) -> Result<Vec<WebhookExport>, StoreError> {
    let sql = format!("SELECT {WEBHOOK_COLUMNS} ORDER BY id");
    Ok(query_webhooks(conn, &sql, [])?
        .into_iter()
        .map(|(record, sealed_secret)| WebhookExport { record, sealed_secret })
        .collect())
}

pub(super) fn import(conn: &mut Connection, key: &StoreKey, webhooks: &[WebhookExport]) -> Result<(), StoreError> {
    let tx = keyed_write_tx(conn, key)?;
    for w in webhooks {
        let r = &w.record;
        let (project, env) = r.scope.columns();
        tx.execute(
            "INSERT INTO webhooks (id, org, project, env, url, format, events, secret, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                r.id.0,
                r.scope.org(),
                project,
                env,
                r.url,
                r.format,
                events_json(&r.events),
                w.sealed_secret,
                r.created_at
            ],
        )?;
    }
    tx.commit()?;
    Ok(())
}
