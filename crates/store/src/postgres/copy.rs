//! `store copy` for a PostgreSQL store: reading every environment with its history, and
//! writing such a history into an empty store in one transaction.

use super::client::PgClient;

use super::journal::{LOG_COLUMNS, insert_log, log_entry};
use super::revisions::{insert_revision, read_tx};
use super::schedules;
use super::{to_i64, to_u64};
use crate::copy::EnvironmentRecord;
use crate::error::StoreError;
use crate::model::{Revision, RevisionKind, Tag};
use crate::name::EnvName;

pub(super) async fn export(client: &mut PgClient) -> Result<Vec<EnvironmentRecord>, StoreError> {
    let tx = read_tx(client).await?;
    let envs = tx
        .query("SELECT id, org, project, name, created_at, deleted, deleted_at FROM environments ORDER BY id", &[])
        .await?;
    let mut out = Vec::with_capacity(envs.len());
    for e in envs {
        let id: i64 = e.get(0);
        let mut revisions = Vec::new();
        let rows = tx
            .query(
                "SELECT number, yaml, author, created_at, kind FROM revisions WHERE env_id = $1 ORDER BY number",
                &[&id],
            )
            .await?;
        for r in rows {
            let kind: String = r.get(4);
            let kind = RevisionKind::from_db(&kind)?;
            revisions.push(Revision {
                number: to_u64(r.get(0))?,
                yaml: r.get(1),
                author: r.get(2),
                created_at: r.get(3),
                kind,
            });
        }
        let tags = tx
            .query(
                "SELECT name, revision, created_at, updated_at FROM tags WHERE env_id = $1 ORDER BY name COLLATE \"C\"",
                &[&id],
            )
            .await?
            .iter()
            .map(|r| {
                Ok(Tag { name: r.get(0), revision: to_u64(r.get(1))?, created_at: r.get(2), updated_at: r.get(3) })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let sql = format!("SELECT {LOG_COLUMNS} FROM rotation_log WHERE env_id = $1 ORDER BY id");
        let rotation_log = tx.query(sql.as_str(), &[&id]).await?.iter().map(log_entry).collect::<Result<_, _>>()?;
        let deleted: bool = e.get(5);
        let (schedules, schedule_runs) = schedules::export_env(&tx, id).await?;
        out.push(EnvironmentRecord {
            name: EnvName { org: e.get(1), project: e.get(2), env: e.get(3) },
            created_at: e.get(4),
            deleted_at: deleted.then(|| e.get::<_, Option<String>>(6).unwrap_or_default()),
            revisions,
            tags,
            rotation_log,
            schedules,
            schedule_runs,
        });
    }
    Ok(out)
}

pub(super) async fn import(
    client: &mut PgClient,
    store: String,
    envs: Vec<EnvironmentRecord>,
) -> Result<(), StoreError> {
    let tx = client.transaction().await?;
    // No environment may be created meanwhile: the emptiness check holds until the commit.
    tx.batch_execute("LOCK TABLE environments IN EXCLUSIVE MODE").await?;
    let count: i64 = tx.query_one("SELECT COUNT(*) FROM environments", &[]).await?.get(0);
    if count > 0 {
        return Err(StoreError::DestinationNotEmpty { store, count: to_u64(count)? });
    }
    for env in &envs {
        let row = tx
            .query_one(
                "INSERT INTO environments (org, project, name, created_at, deleted, deleted_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                &[
                    &env.name.org,
                    &env.name.project,
                    &env.name.env,
                    &env.created_at,
                    &env.deleted_at.is_some(),
                    &env.deleted_at,
                ],
            )
            .await?;
        let id: i64 = row.get(0);
        for rev in &env.revisions {
            insert_revision(&tx, id, rev).await?;
        }
        for tag in &env.tags {
            tx.execute(
                "INSERT INTO tags (env_id, name, revision, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)",
                &[&id, &tag.name, &to_i64(tag.revision)?, &tag.created_at, &tag.updated_at],
            )
            .await?;
        }
        for entry in &env.rotation_log {
            insert_log(&tx, id, entry).await?;
        }
        let mut ids = std::collections::HashMap::new();
        for schedule in &env.schedules {
            ids.insert(schedule.id, schedules::insert_copy(&tx, id, schedule).await?);
        }
        for run in &env.schedule_runs {
            let schedule = ids.get(&run.schedule).ok_or_else(|| crate::copy::unknown_schedule(run))?;
            let run = crate::schedule::ScheduleRun { schedule: crate::schedule::ScheduleId(*schedule), ..run.clone() };
            schedules::insert_run(&tx, id, &run).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
