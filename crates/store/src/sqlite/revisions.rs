//! Environments, revisions and tags of an SQLite store, and the commit (a revision with
//! its rotation log entries and journal changes, in one transaction).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::journal::{finish_journal, insert_log, journal_row, set_journal_step};
use super::{to_i64, to_u64, write_tx};
use crate::error::StoreError;
use crate::journal::{RotationLogEntry, RotationResult};
use crate::model::{EnvSummary, Revision, RevisionKind, RevisionMeta, Tag};
use crate::name::{EnvName, EnvRef, Version, validate_tag};
use crate::store::JournalChange;
use crate::time::now_rfc3339;

/// The id of the live environment `name`.
pub(super) fn env_id(conn: &Connection, name: &EnvName) -> Result<i64, StoreError> {
    conn.query_row(
        "SELECT id FROM environments WHERE org = ?1 AND project = ?2 AND name = ?3 AND deleted = 0",
        params![name.org, name.project, name.env],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::EnvironmentNotFound(name.clone()))
}

fn latest_number(conn: &Connection, env_id: i64) -> Result<u64, StoreError> {
    let n: Option<i64> =
        conn.query_row("SELECT MAX(number) FROM revisions WHERE env_id = ?1", [env_id], |r| r.get(0))?;
    match n {
        Some(n) => to_u64(n),
        None => Err(StoreError::Corrupt("an environment has no revision".into())),
    }
}

fn read_revision(conn: &Connection, env_id: i64, number: u64) -> Result<Option<Revision>, StoreError> {
    let row = conn
        .query_row(
            "SELECT yaml, author, created_at, kind FROM revisions WHERE env_id = ?1 AND number = ?2",
            params![env_id, to_i64(number)?],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?)),
        )
        .optional()?;
    row.map(|(yaml, author, created_at, kind)| {
        Ok(Revision { number, yaml, author, created_at, kind: RevisionKind::from_db(&kind)? })
    })
    .transpose()
}

fn insert_revision(
    tx: &Transaction<'_>,
    env_id: i64,
    number: u64,
    yaml: &str,
    kind: RevisionKind,
    author: &str,
) -> Result<Revision, StoreError> {
    let created_at = now_rfc3339();
    tx.execute(
        "INSERT INTO revisions (env_id, number, yaml, author, created_at, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![env_id, to_i64(number)?, yaml, author, created_at, kind.as_str()],
    )?;
    Ok(Revision { number, yaml: yaml.to_owned(), author: author.to_owned(), created_at, kind })
}

pub(super) fn create_environment(
    conn: &mut Connection,
    name: &EnvName,
    yaml: &str,
    author: &str,
) -> Result<Revision, StoreError> {
    let tx = write_tx(conn)?;
    match env_id(&tx, name) {
        Ok(_) => return Err(StoreError::AlreadyExists(name.clone())),
        Err(StoreError::EnvironmentNotFound(_)) => {}
        Err(e) => return Err(e),
    }
    tx.execute(
        "INSERT INTO environments (org, project, name, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name.org, name.project, name.env, now_rfc3339()],
    )?;
    let id = tx.last_insert_rowid();
    let rev = insert_revision(&tx, id, 1, yaml, RevisionKind::Create, author)?;
    tx.commit()?;
    Ok(rev)
}

pub(super) fn list_environments(conn: &Connection, org: Option<&str>) -> Result<Vec<EnvSummary>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT e.org, e.project, e.name, e.created_at, r.number, r.created_at \
         FROM environments e JOIN revisions r ON r.env_id = e.id \
           AND r.number = (SELECT MAX(number) FROM revisions WHERE env_id = e.id) \
         WHERE e.deleted = 0 AND (?1 IS NULL OR e.org = ?1) \
         ORDER BY e.org, e.project, e.name",
    )?;
    let rows = stmt.query_map([org], |r| {
        Ok((
            EnvName { org: r.get(0)?, project: r.get(1)?, env: r.get(2)? },
            r.get::<_, String>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (name, created_at, latest, modified_at) = row?;
        out.push(EnvSummary { name, latest_revision: to_u64(latest)?, created_at, modified_at });
    }
    Ok(out)
}

pub(super) fn delete_environment(conn: &mut Connection, name: &EnvName) -> Result<(), StoreError> {
    let tx = write_tx(conn)?;
    let id = env_id(&tx, name)?;
    let pending: i64 =
        tx.query_row("SELECT COUNT(*) FROM rotation_journal WHERE env_id = ?1 AND done = 0", [id], |r| r.get(0))?;
    if pending > 0 {
        return Err(StoreError::PendingRotation { env: name.clone(), count: to_u64(pending)? });
    }
    tx.execute("UPDATE environments SET deleted = 1, deleted_at = ?2 WHERE id = ?1", params![id, now_rfc3339()])?;
    tx.execute("DELETE FROM schedule_runs WHERE env_id = ?1", [id])?;
    tx.execute("DELETE FROM schedules WHERE env_id = ?1", [id])?;
    tx.commit()?;
    Ok(())
}

pub(super) fn latest(conn: &Connection, name: &EnvName) -> Result<Revision, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let id = env_id(&tx, name)?;
    let n = latest_number(&tx, id)?;
    read_revision(&tx, id, n)?.ok_or_else(|| StoreError::Corrupt("the latest revision vanished".into()))
}

pub(super) fn revision(conn: &Connection, name: &EnvName, number: u64) -> Result<Revision, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let id = env_id(&tx, name)?;
    match read_revision(&tx, id, number)? {
        Some(r) => Ok(r),
        None => {
            Err(StoreError::RevisionNotFound { env: name.clone(), revision: number, latest: latest_number(&tx, id)? })
        }
    }
}

pub(super) fn resolve(conn: &Connection, r: &EnvRef) -> Result<Revision, StoreError> {
    match &r.version {
        Version::Latest => latest(conn, &r.name),
        Version::Number(n) => revision(conn, &r.name, *n),
        Version::Tag(tag) => {
            let tx = conn.unchecked_transaction()?;
            let id = env_id(&tx, &r.name)?;
            let n: i64 = tx
                .query_row("SELECT revision FROM tags WHERE env_id = ?1 AND name = ?2", params![id, tag], |r| r.get(0))
                .optional()?
                .ok_or_else(|| StoreError::TagNotFound { env: r.name.clone(), tag: tag.clone() })?;
            read_revision(&tx, id, to_u64(n)?)?
                .ok_or_else(|| StoreError::Corrupt(format!("tag '{tag}' points at a missing revision")))
        }
    }
}

pub(super) fn list_revisions(conn: &Connection, name: &EnvName) -> Result<Vec<RevisionMeta>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let id = env_id(&tx, name)?;
    let mut out = Vec::new();
    {
        let mut stmt = tx
            .prepare("SELECT number, author, created_at, kind FROM revisions WHERE env_id = ?1 ORDER BY number DESC")?;
        let rows = stmt.query_map([id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?;
        for row in rows {
            let (number, author, created_at, kind) = row?;
            out.push(RevisionMeta {
                number: to_u64(number)?,
                author,
                created_at,
                kind: RevisionKind::from_db(&kind)?,
                tags: Vec::new(),
            });
        }
        let mut stmt = tx.prepare("SELECT name, revision FROM tags WHERE env_id = ?1 ORDER BY name")?;
        let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (tag, rev) = row?;
            let rev = to_u64(rev)?;
            if let Some(m) = out.iter_mut().find(|m| m.number == rev) {
                m.tags.push(tag);
            }
        }
    }
    Ok(out)
}

/// Commits `yaml` as the next revision if the latest revision is still `expected_latest`,
/// with the attempt's rotation log entries and journal changes: one `BEGIN IMMEDIATE`
/// transaction, so of two writers that started from the same revision exactly one wins.
#[allow(clippy::too_many_arguments)]
pub(super) fn commit(
    conn: &mut Connection,
    name: &EnvName,
    expected_latest: u64,
    yaml: &str,
    kind: RevisionKind,
    author: &str,
    log: &[RotationLogEntry],
    journal: &[JournalChange],
) -> Result<Revision, StoreError> {
    let tx = write_tx(conn)?;
    let id = env_id(&tx, name)?;
    let actual = latest_number(&tx, id)?;
    if actual != expected_latest {
        return Err(StoreError::Conflict { env: name.clone(), expected: expected_latest, actual });
    }
    let rev = insert_revision(&tx, id, actual + 1, yaml, kind, author)?;
    for entry in log {
        let mut e = entry.clone();
        e.revision_before = e.revision_before.or(Some(expected_latest));
        if e.result == RotationResult::Succeeded {
            e.revision_after = e.revision_after.or(Some(rev.number));
        }
        insert_log(&tx, id, &e)?;
    }
    for change in journal {
        let jid = match change {
            JournalChange::Step(j, _) | JournalChange::Finish(j) => *j,
        };
        let row = journal_row(&tx, jid)?;
        if row.env_id != id {
            return Err(StoreError::JournalEntryNotFound(jid));
        }
        if row.done {
            return Err(StoreError::JournalEntryFinished(jid));
        }
        match change {
            JournalChange::Step(_, step) => set_journal_step(&tx, jid, *step, None)?,
            JournalChange::Finish(_) => finish_journal(&tx, jid)?,
        }
    }
    tx.commit()?;
    Ok(rev)
}

pub(super) fn set_tag(conn: &mut Connection, name: &EnvName, tag: &str, revision: u64) -> Result<Tag, StoreError> {
    validate_tag(tag)?;
    let tx = write_tx(conn)?;
    let id = env_id(&tx, name)?;
    if read_revision(&tx, id, revision)?.is_none() {
        return Err(StoreError::RevisionNotFound { env: name.clone(), revision, latest: latest_number(&tx, id)? });
    }
    let now = now_rfc3339();
    tx.execute(
        "INSERT INTO tags (env_id, name, revision, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4) \
         ON CONFLICT (env_id, name) DO UPDATE SET revision = excluded.revision, updated_at = excluded.updated_at",
        params![id, tag, to_i64(revision)?, now],
    )?;
    let t = tx.query_row(
        "SELECT created_at, updated_at FROM tags WHERE env_id = ?1 AND name = ?2",
        params![id, tag],
        |r| Ok(Tag { name: tag.to_owned(), revision, created_at: r.get(0)?, updated_at: r.get(1)? }),
    )?;
    tx.commit()?;
    Ok(t)
}

pub(super) fn delete_tag(conn: &mut Connection, name: &EnvName, tag: &str) -> Result<(), StoreError> {
    let tx = write_tx(conn)?;
    let id = env_id(&tx, name)?;
    if tx.execute("DELETE FROM tags WHERE env_id = ?1 AND name = ?2", params![id, tag])? == 0 {
        return Err(StoreError::TagNotFound { env: name.clone(), tag: tag.to_owned() });
    }
    tx.commit()?;
    Ok(())
}

pub(super) fn list_tags(conn: &Connection, name: &EnvName) -> Result<Vec<Tag>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let id = env_id(&tx, name)?;
    let mut stmt =
        tx.prepare("SELECT name, revision, created_at, updated_at FROM tags WHERE env_id = ?1 ORDER BY name")?;
    let rows = stmt.query_map([id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (name, revision, created_at, updated_at) = row?;
        out.push(Tag { name, revision: to_u64(revision)?, created_at, updated_at });
    }
    Ok(out)
}
