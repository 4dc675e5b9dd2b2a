//! `store copy` for an SQLite store: reading every environment with its history, and
//! writing such a history into an empty store in one transaction.

use rusqlite::{Connection, params};

use super::journal::insert_log;
use super::schedules;
use super::{to_i64, to_u64, write_tx};
use crate::copy::EnvironmentRecord;
use crate::error::StoreError;
use crate::model::{Revision, RevisionKind, Tag};
use crate::name::EnvName;

pub(super) fn export(conn: &Connection) -> Result<Vec<EnvironmentRecord>, StoreError> {
    let tx = conn.unchecked_transaction()?;
    let mut stmt =
        tx.prepare("SELECT id, org, project, name, created_at, deleted, deleted_at FROM environments ORDER BY id")?;
    let envs = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                EnvName { org: r.get(1)?, project: r.get(2)?, env: r.get(3)? },
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)? != 0,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(envs.len());
    for (id, name, created_at, deleted, deleted_at) in envs {
        let (schedules, schedule_runs) = schedules::export_env(&tx, id)?;
        out.push(EnvironmentRecord {
            name,
            created_at,
            deleted_at: deleted.then(|| deleted_at.unwrap_or_default()),
            revisions: revisions(&tx, id)?,
            tags: tags(&tx, id)?,
            rotation_log: super::journal::log_of(&tx, id, false)?,
            schedules,
            schedule_runs,
        });
    }
    Ok(out)
}

fn revisions(conn: &Connection, id: i64) -> Result<Vec<Revision>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT number, yaml, author, created_at, kind FROM revisions WHERE env_id = ?1 ORDER BY number")?;
    let rows =
        stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, String>(4)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (number, yaml, author, created_at, kind) = row?;
        out.push(Revision { number: to_u64(number)?, yaml, author, created_at, kind: RevisionKind::from_db(&kind)? });
    }
    Ok(out)
}

fn tags(conn: &Connection, id: i64) -> Result<Vec<Tag>, StoreError> {
    let mut stmt =
        conn.prepare("SELECT name, revision, created_at, updated_at FROM tags WHERE env_id = ?1 ORDER BY name")?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?, r.get(2)?, r.get(3)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (name, revision, created_at, updated_at) = row?;
        out.push(Tag { name, revision: to_u64(revision)?, created_at, updated_at });
    }
    Ok(out)
}

pub(super) fn import(conn: &mut Connection, store: String, envs: &[EnvironmentRecord]) -> Result<(), StoreError> {
    let tx = write_tx(conn)?;
    let count: i64 = tx.query_row("SELECT COUNT(*) FROM environments", [], |r| r.get(0))?;
    if count > 0 {
        return Err(StoreError::DestinationNotEmpty { store, count: to_u64(count)? });
    }
    for env in envs {
        tx.execute(
            "INSERT INTO environments (org, project, name, created_at, deleted, deleted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![env.name.org, env.name.project, env.name.env, env.created_at, env.deleted_at.is_some(), env.deleted_at],
        )?;
        let id = tx.last_insert_rowid();
        for rev in &env.revisions {
            tx.execute(
                "INSERT INTO revisions (env_id, number, yaml, author, created_at, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, to_i64(rev.number)?, rev.yaml, rev.author, rev.created_at, rev.kind.as_str()],
            )?;
        }
        for tag in &env.tags {
            tx.execute(
                "INSERT INTO tags (env_id, name, revision, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, tag.name, to_i64(tag.revision)?, tag.created_at, tag.updated_at],
            )?;
        }
        for entry in &env.rotation_log {
            insert_log(&tx, id, entry)?;
        }
        let mut ids = std::collections::HashMap::new();
        for schedule in &env.schedules {
            ids.insert(schedule.id, schedules::insert_copy(&tx, id, schedule)?);
        }
        for run in &env.schedule_runs {
            let schedule = ids.get(&run.schedule).ok_or_else(|| crate::copy::unknown_schedule(run))?;
            schedules::insert_run_copy(&tx, id, *schedule, run)?;
        }
    }
    tx.commit()?;
    Ok(())
}
