//! Environments, revisions and tags of a PostgreSQL store, and the commit (a revision with
//! its rotation log entries and journal changes, in one transaction).
//!
//! Every write locks the environment's row first (`FOR UPDATE`, or `FOR SHARE` for writes
//! that only add to it), so writers of one environment take turns, and the commit's check of
//! the latest revision happens under that lock: of two writers that started from the same
//! revision, the second waits for the first, then sees its revision and fails with
//! [`StoreError::Conflict`].

use futures_util::future::try_join_all;

use super::client::{PgClient, Tx};
use tokio_postgres::error::SqlState;

use std::sync::Arc;

use super::journal::{finish_journal, insert_log, journal_row, set_journal_step};
use super::meta::ensure_current_key;
use super::{to_i64, to_u64};
use crate::error::StoreError;
use crate::journal::{RotationLogEntry, RotationResult};
use crate::key::StoreKey;
use crate::model::{EnvSummary, Revision, RevisionKind, RevisionMeta, Tag};
use crate::name::{EnvName, EnvRef, Version, validate_tag};
use crate::store::JournalChange;
use crate::time::now_rfc3339;

/// How a write holds the environment's row while it runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum RowLock {
    /// Reads take no lock.
    None,
    /// Writes that add rows (journal entries, log entries): many at once, but not while the
    /// environment is deleted or committed to.
    Share,
    /// Commits, tags, deletion: one at a time.
    Update,
}

/// A transaction that sees one snapshot for all its statements and writes nothing.
pub(super) async fn read_tx(client: &mut PgClient) -> Result<Tx<'_>, StoreError> {
    Ok(client.read_transaction().await?)
}

/// The id of the live environment `name`, its row locked as `lock` says.
pub(super) async fn env_id(tx: &Tx<'_>, name: &EnvName, lock: RowLock) -> Result<i64, StoreError> {
    let suffix = match lock {
        RowLock::None => "",
        RowLock::Share => " FOR SHARE",
        RowLock::Update => " FOR UPDATE",
    };
    let sql =
        format!("SELECT id FROM environments WHERE org = $1 AND project = $2 AND name = $3 AND NOT deleted{suffix}");
    let row = tx.query_opt(sql.as_str(), &[&name.org, &name.project, &name.env]).await?;
    row.map(|r| r.get(0)).ok_or_else(|| StoreError::EnvironmentNotFound(name.clone()))
}

pub(super) async fn latest_number(tx: &Tx<'_>, env_id: i64) -> Result<u64, StoreError> {
    let n: Option<i64> = tx.query_one("SELECT MAX(number) FROM revisions WHERE env_id = $1", &[&env_id]).await?.get(0);
    match n {
        Some(n) => to_u64(n),
        None => Err(StoreError::Corrupt("an environment has no revision".into())),
    }
}

async fn read_revision(tx: &Tx<'_>, env_id: i64, number: u64) -> Result<Option<Revision>, StoreError> {
    let row = tx
        .query_opt(
            "SELECT yaml, author, created_at, kind FROM revisions WHERE env_id = $1 AND number = $2",
            &[&env_id, &to_i64(number)?],
        )
        .await?;
    row.map(|r| {
        let kind: String = r.get(3);
        Ok(Revision {
            number,
            yaml: r.get(0),
            author: r.get(1),
            created_at: r.get(2),
            kind: RevisionKind::from_db(&kind)?,
        })
    })
    .transpose()
}

pub(super) async fn insert_revision(tx: &Tx<'_>, env_id: i64, rev: &Revision) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO revisions (env_id, number, yaml, author, created_at, kind) VALUES ($1, $2, $3, $4, $5, $6)",
        &[&env_id, &to_i64(rev.number)?, &rev.yaml, &rev.author, &rev.created_at, &rev.kind.as_str()],
    )
    .await?;
    Ok(())
}

pub(super) fn new_revision(number: u64, yaml: String, kind: RevisionKind, author: String) -> Revision {
    Revision { number, yaml, author, created_at: now_rfc3339(), kind }
}

pub(super) async fn create_environment(
    client: &mut PgClient,
    key: Arc<StoreKey>,
    name: EnvName,
    yaml: String,
    author: String,
) -> Result<Revision, StoreError> {
    let tx = client.transaction().await?;
    ensure_current_key(&tx, &key).await?;
    match env_id(&tx, &name, RowLock::None).await {
        Ok(_) => return Err(StoreError::AlreadyExists(name)),
        Err(StoreError::EnvironmentNotFound(_)) => {}
        Err(e) => return Err(e),
    }
    let inserted = tx
        .query_one(
            "INSERT INTO environments (org, project, name, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            &[&name.org, &name.project, &name.env, &now_rfc3339()],
        )
        .await;
    let id: i64 = match inserted {
        Ok(row) => row.get(0),
        // Another writer created it since the check (the unique index on live names).
        Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => return Err(StoreError::AlreadyExists(name)),
        Err(e) => return Err(e.into()),
    };
    let rev = new_revision(1, yaml, RevisionKind::Create, author);
    insert_revision(&tx, id, &rev).await?;
    tx.commit().await?;
    Ok(rev)
}

pub(super) async fn list_environments(
    client: &mut PgClient,
    org: Option<String>,
) -> Result<Vec<EnvSummary>, StoreError> {
    let tx = read_tx(client).await?;
    let rows = tx
        .query(
            "SELECT e.org, e.project, e.name, e.created_at, r.number, r.created_at \
             FROM environments e JOIN revisions r ON r.env_id = e.id \
               AND r.number = (SELECT MAX(number) FROM revisions WHERE env_id = e.id) \
             WHERE NOT e.deleted AND ($1::text IS NULL OR e.org = $1) \
             ORDER BY e.org COLLATE \"C\", e.project COLLATE \"C\", e.name COLLATE \"C\"",
            &[&org],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(EnvSummary {
                name: EnvName { org: r.get(0), project: r.get(1), env: r.get(2) },
                created_at: r.get(3),
                latest_revision: to_u64(r.get(4))?,
                modified_at: r.get(5),
            })
        })
        .collect()
}

pub(super) async fn delete_environment(client: &mut PgClient, name: EnvName) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    let id = env_id(&tx, &name, RowLock::Update).await?;
    let pending: i64 =
        tx.query_one("SELECT COUNT(*) FROM rotation_journal WHERE env_id = $1 AND NOT done", &[&id]).await?.get(0);
    if pending > 0 {
        return Err(StoreError::PendingRotation { env: name, count: to_u64(pending)? });
    }
    tx.execute("UPDATE environments SET deleted = TRUE, deleted_at = $2 WHERE id = $1", &[&id, &now_rfc3339()]).await?;
    tx.execute("DELETE FROM schedule_runs WHERE env_id = $1", &[&id]).await?;
    tx.execute("DELETE FROM schedules WHERE env_id = $1", &[&id]).await?;
    tx.commit().await?;
    Ok(())
}

/// A revision of an environment by number, tag or as the latest, in one statement (one
/// snapshot, one round trip): the environment's id, its latest number, the tag's revision,
/// and the revision asked for (`number`: `$4`, else the tag `$5`'s, else the latest).
const RESOLVE_SQL: &str = "SELECT e.id, latest.n, t.revision, r.number, r.yaml, r.author, r.created_at, r.kind \
     FROM environments e \
     CROSS JOIN LATERAL (SELECT MAX(number) AS n FROM revisions WHERE env_id = e.id) latest \
     LEFT JOIN tags t ON t.env_id = e.id AND t.name = $5 \
     LEFT JOIN revisions r ON r.env_id = e.id \
       AND r.number = CASE WHEN $4::bigint IS NOT NULL THEN $4 WHEN $5::text IS NOT NULL THEN t.revision ELSE latest.n END \
     WHERE e.org = $1 AND e.project = $2 AND e.name = $3 AND NOT e.deleted";

pub(super) async fn resolve(client: &mut PgClient, r: EnvRef) -> Result<Revision, StoreError> {
    let (number, tag) = match &r.version {
        Version::Latest => (None, None),
        Version::Number(n) => (Some(to_i64(*n)?), None),
        Version::Tag(tag) => (None, Some(tag.as_str())),
    };
    let row = client.query_opt(RESOLVE_SQL, &[&r.name.org, &r.name.project, &r.name.env, &number, &tag]).await?;
    let row = row.ok_or_else(|| StoreError::EnvironmentNotFound(r.name.clone()))?;
    let latest = || match row.get::<_, Option<i64>>(1) {
        Some(n) => to_u64(n),
        None => Err(StoreError::Corrupt("an environment has no revision".into())),
    };
    let Some(found) = row.get::<_, Option<i64>>(3) else {
        return match r.version {
            Version::Latest => Err(latest().err().unwrap_or_else(|| StoreError::Corrupt("no latest revision".into()))),
            Version::Number(revision) => Err(StoreError::RevisionNotFound { env: r.name, revision, latest: latest()? }),
            Version::Tag(tag) if row.get::<_, Option<i64>>(2).is_none() => {
                Err(StoreError::TagNotFound { env: r.name, tag })
            }
            Version::Tag(_) => Err(StoreError::Corrupt("a tag points at a missing revision".into())),
        };
    };
    let kind: String = row.get(7);
    Ok(Revision {
        number: to_u64(found)?,
        yaml: row.get(4),
        author: row.get(5),
        created_at: row.get(6),
        kind: RevisionKind::from_db(&kind)?,
    })
}

pub(super) async fn list_revisions(client: &mut PgClient, name: EnvName) -> Result<Vec<RevisionMeta>, StoreError> {
    let tx = read_tx(client).await?;
    let id = env_id(&tx, &name, RowLock::None).await?;
    let rows = tx
        .query("SELECT number, author, created_at, kind FROM revisions WHERE env_id = $1 ORDER BY number DESC", &[&id])
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let kind: String = r.get(3);
        let kind = RevisionKind::from_db(&kind)?;
        out.push(RevisionMeta {
            number: to_u64(r.get(0))?,
            author: r.get(1),
            created_at: r.get(2),
            kind,
            tags: Vec::new(),
        });
    }
    let tags =
        tx.query("SELECT name, revision FROM tags WHERE env_id = $1 ORDER BY name COLLATE \"C\"", &[&id]).await?;
    for t in tags {
        let rev = to_u64(t.get(1))?;
        if let Some(m) = out.iter_mut().find(|m| m.number == rev) {
            m.tags.push(t.get(0));
        }
    }
    Ok(out)
}

/// What a commit writes besides its revision.
pub(super) struct Commit {
    pub(super) name: EnvName,
    pub(super) expected_latest: u64,
    pub(super) yaml: String,
    pub(super) kind: RevisionKind,
    pub(super) author: String,
    pub(super) log: Vec<RotationLogEntry>,
    pub(super) journal: Vec<JournalChange>,
    /// The key the revision's secrets are encrypted with: it must still be the store's.
    pub(super) key: Arc<StoreKey>,
}

/// Commits the next revision if the latest is still `expected_latest`, with the attempt's
/// rotation log entries and journal changes, under the environment's row lock.
pub(super) async fn commit(client: &mut PgClient, c: Commit) -> Result<Revision, StoreError> {
    let tx = client.transaction().await?;
    // Sent together (the server answers in order): the key check, then the row lock.
    let (key, id) = tokio::join!(ensure_current_key(&tx, &c.key), env_id(&tx, &c.name, RowLock::Update));
    key?;
    let id = id?;
    // A statement of its own, after the row lock: in READ COMMITTED it sees a revision
    // that the writer this one waited for committed.
    let actual = latest_number(&tx, id).await?;
    if actual != c.expected_latest {
        return Err(StoreError::Conflict { env: c.name, expected: c.expected_latest, actual });
    }
    let rev = new_revision(actual + 1, c.yaml, c.kind, c.author);
    let log: Vec<RotationLogEntry> = c
        .log
        .into_iter()
        .map(|mut e| {
            e.revision_before = e.revision_before.or(Some(c.expected_latest));
            if e.result == RotationResult::Succeeded {
                e.revision_after = e.revision_after.or(Some(rev.number));
            }
            e
        })
        .collect();
    // The revision and its log entries, sent together.
    let (inserted, logged) =
        tokio::join!(insert_revision(&tx, id, &rev), try_join_all(log.iter().map(|e| insert_log(&tx, id, e))));
    inserted?;
    logged?;
    for change in c.journal {
        let jid = match change {
            JournalChange::Step(j, _) | JournalChange::Finish(j) => j,
        };
        let row = journal_row(&tx, jid).await?;
        if row.env_id != id {
            return Err(StoreError::JournalEntryNotFound(jid));
        }
        if row.done {
            return Err(StoreError::JournalEntryFinished(jid));
        }
        match change {
            JournalChange::Step(_, step) => set_journal_step(&tx, jid, step, None).await?,
            JournalChange::Finish(_) => finish_journal(&tx, jid).await?,
        }
    }
    tx.commit().await?;
    Ok(rev)
}

pub(super) async fn set_tag(
    client: &mut PgClient,
    name: EnvName,
    tag: String,
    revision: u64,
) -> Result<Tag, StoreError> {
    validate_tag(&tag)?;
    let tx = client.transaction().await?;
    let id = env_id(&tx, &name, RowLock::Update).await?;
    if read_revision(&tx, id, revision).await?.is_none() {
        return Err(StoreError::RevisionNotFound { env: name, revision, latest: latest_number(&tx, id).await? });
    }
    let row = tx
        .query_one(
            "INSERT INTO tags (env_id, name, revision, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (env_id, name) DO UPDATE SET revision = excluded.revision, updated_at = excluded.updated_at \
             RETURNING created_at, updated_at",
            &[&id, &tag, &to_i64(revision)?, &now_rfc3339()],
        )
        .await?;
    tx.commit().await?;
    Ok(Tag { name: tag, revision, created_at: row.get(0), updated_at: row.get(1) })
}

pub(super) async fn delete_tag(client: &mut PgClient, name: EnvName, tag: String) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    let id = env_id(&tx, &name, RowLock::Update).await?;
    if tx.execute("DELETE FROM tags WHERE env_id = $1 AND name = $2", &[&id, &tag]).await? == 0 {
        return Err(StoreError::TagNotFound { env: name, tag });
    }
    tx.commit().await?;
    Ok(())
}

pub(super) async fn list_tags(client: &mut PgClient, name: EnvName) -> Result<Vec<Tag>, StoreError> {
    let tx = read_tx(client).await?;
    let id = env_id(&tx, &name, RowLock::None).await?;
    let rows = tx
        .query(
            "SELECT name, revision, created_at, updated_at FROM tags WHERE env_id = $1 ORDER BY name COLLATE \"C\"",
            &[&id],
        )
        .await?;
    rows.iter()
        .map(|r| Ok(Tag { name: r.get(0), revision: to_u64(r.get(1))?, created_at: r.get(2), updated_at: r.get(3) }))
        .collect()
}
