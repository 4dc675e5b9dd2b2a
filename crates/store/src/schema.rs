//! The database schema and its migrations. `PRAGMA user_version` holds the number of
//! migrations applied; opening a store applies the missing ones in one transaction, and
//! refuses a database written by a newer escrot rather than guess at its meaning.
//!
//! The schema is meant to carry over to PostgreSQL (`--store postgres://…`) table for table;
//! only `STRICT` and the partial index syntax are SQLite's own.

/// Migration `i` takes the database from version `i` to `i + 1`. Never edit a published
/// migration: add a new one.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

const V1: &str = r#"
-- Store-wide facts. `key_check`: a constant encrypted with the store key when the store was
-- first opened, so that a wrong key is detected at open, before anything is written with it.
CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;

-- One row per environment ever created. Deleting an environment only marks it deleted: its
-- revisions and rotation log stay for audit, and the name can be created again (a new row;
-- the partial unique index allows one live environment per name).
CREATE TABLE environments (
    id         INTEGER PRIMARY KEY,
    org        TEXT NOT NULL,
    project    TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX environments_live_name ON environments (org, project, name) WHERE deleted = 0;

-- Every revision of every definition, numbered 1, 2, … per environment and never rewritten.
-- The latest revision is the one with the highest number; commits check it inside the
-- writing transaction (optimistic concurrency).
CREATE TABLE revisions (
    env_id     INTEGER NOT NULL REFERENCES environments (id),
    number     INTEGER NOT NULL CHECK (number >= 1),
    yaml       TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('create', 'edit', 'rotation', 'rollback')),
    PRIMARY KEY (env_id, number)
) STRICT, WITHOUT ROWID;

-- Named revisions (`@stable`). A tag always points at an existing revision.
CREATE TABLE tags (
    env_id     INTEGER NOT NULL,
    name       TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (env_id, name),
    FOREIGN KEY (env_id, revision) REFERENCES revisions (env_id, number)
) STRICT, WITHOUT ROWID;

-- What each rotation attempt did, per path: `escrot rotation history`. Append-only.
CREATE TABLE rotation_log (
    id              INTEGER PRIMARY KEY,
    attempt_id      TEXT NOT NULL,
    env_id          INTEGER NOT NULL REFERENCES environments (id),
    revision_before INTEGER,
    revision_after  INTEGER,
    path            TEXT NOT NULL,
    rotator         TEXT NOT NULL,
    result          TEXT NOT NULL CHECK (result IN ('succeeded', 'failed', 'not-evaluated', 'rolled-back')),
    error           TEXT,
    started_at      TEXT NOT NULL,
    duration_ms     INTEGER NOT NULL CHECK (duration_ms >= 0)
) STRICT;
CREATE INDEX rotation_log_env ON rotation_log (env_id, id);

-- Rotations in flight, written before each side effect so that a crashed run can be finished
-- or undone by the next. `payload` is the rotation engine's state for the step (typically the
-- new credential), encrypted with the store key; it is wiped when the entry is finished.
CREATE TABLE rotation_journal (
    id         INTEGER PRIMARY KEY,
    env_id     INTEGER NOT NULL REFERENCES environments (id),
    attempt_id TEXT NOT NULL,
    path       TEXT NOT NULL,
    rotator    TEXT NOT NULL,
    step       TEXT NOT NULL CHECK (step IN ('planned', 'created', 'verified', 'committed', 'retired')),
    payload    BLOB NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
) STRICT;
CREATE INDEX rotation_journal_pending ON rotation_journal (env_id, id) WHERE done = 0;

-- Rotation schedules (`escrot schedule`, `rotate --due`): not used yet.
CREATE TABLE schedules (
    id         INTEGER PRIMARY KEY,
    env_id     INTEGER NOT NULL REFERENCES environments (id),
    cron       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (env_id, cron)
) STRICT;
"#;

/// The rotation log records attempts whose node another writer changed while they ran
/// (`conflicted`). SQLite cannot alter a CHECK constraint: the table is rebuilt.
const V2: &str = r#"
CREATE TABLE rotation_log_v2 (
    id              INTEGER PRIMARY KEY,
    attempt_id      TEXT NOT NULL,
    env_id          INTEGER NOT NULL REFERENCES environments (id),
    revision_before INTEGER,
    revision_after  INTEGER,
    path            TEXT NOT NULL,
    rotator         TEXT NOT NULL,
    result          TEXT NOT NULL
                    CHECK (result IN ('succeeded', 'failed', 'not-evaluated', 'rolled-back', 'conflicted')),
    error           TEXT,
    started_at      TEXT NOT NULL,
    duration_ms     INTEGER NOT NULL CHECK (duration_ms >= 0)
) STRICT;
INSERT INTO rotation_log_v2 SELECT * FROM rotation_log;
DROP TABLE rotation_log;
ALTER TABLE rotation_log_v2 RENAME TO rotation_log;
CREATE INDEX rotation_log_env ON rotation_log (env_id, id);
"#;

/// Rotation schedules (`escrot schedule`, `rotate --due`) replace V1's reserved, never used
/// `schedules` table. Times are RFC 3339 UTC text to the second, which sorts in time order.
/// A runner claims a due schedule by writing its lease (owner, expiry, the rotation attempt
/// it will use) in one transaction; another runner may claim it only once the lease expired.
/// `schedule_runs` is the history: every run, missed occurrences included.
const V3: &str = r#"
DROP TABLE schedules;
CREATE TABLE schedules (
    id                   INTEGER PRIMARY KEY,
    env_id               INTEGER NOT NULL REFERENCES environments (id),
    -- A JSON array of property paths; [] rotates every fn::rotate of the environment.
    paths                TEXT NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('cron', 'every', 'once')),
    expression           TEXT NOT NULL,
    window_seconds       INTEGER CHECK (window_seconds > 0),
    time_zone            TEXT NOT NULL,
    anchor_at            TEXT NOT NULL,
    -- When a runner should act, and the occurrence it serves (NULL: nothing left to run).
    due_at               TEXT,
    occurrence_at        TEXT,
    last_run_at          TEXT,
    last_result          TEXT CHECK (last_result IN ('succeeded', 'failed', 'missed')),
    last_revision        INTEGER,
    last_attempt_id      TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
    paused               INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    lease_owner          TEXT,
    lease_expires_at     TEXT,
    lease_attempt_id     TEXT,
    created_at           TEXT NOT NULL,
    modified_at          TEXT NOT NULL
) STRICT;
CREATE INDEX schedules_env ON schedules (env_id, id);
CREATE INDEX schedules_due ON schedules (due_at) WHERE paused = 0;

CREATE TABLE schedule_runs (
    id            INTEGER PRIMARY KEY,
    schedule_id   INTEGER NOT NULL REFERENCES schedules (id),
    env_id        INTEGER NOT NULL REFERENCES environments (id),
    occurrence_at TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    duration_ms   INTEGER NOT NULL CHECK (duration_ms >= 0),
    result        TEXT NOT NULL CHECK (result IN ('succeeded', 'failed', 'missed')),
    revision      INTEGER,
    attempt_id    TEXT,
    error         TEXT,
    runner        TEXT NOT NULL
) STRICT;
CREATE INDEX schedule_runs_schedule ON schedule_runs (schedule_id, id);
CREATE INDEX schedule_runs_env ON schedule_runs (env_id, id);
"#;

/// The keys escrot signs `fn::rotate::external` requests with (RS256 JWTs), whose public
/// halves `escrot jwks` publishes. The private half (PKCS#8) is sealed with the store key,
/// bound to the kid; it is wiped (NULL) when the key is retired, and a dropped key's row is
/// deleted. At most one key is current (the partial unique index).
const V4: &str = r#"
CREATE TABLE signing_keys (
    id          INTEGER PRIMARY KEY,
    kid         TEXT NOT NULL UNIQUE,
    algorithm   TEXT NOT NULL,
    public_jwk  TEXT NOT NULL,
    private_key BLOB,
    state       TEXT NOT NULL CHECK (state IN ('current', 'retired')),
    created_at  TEXT NOT NULL,
    retired_at  TEXT,
    CHECK ((state = 'current') = (private_key IS NOT NULL AND retired_at IS NULL))
) STRICT;
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys (state) WHERE state = 'current';
"#;

/// Webhooks (`escrot webhook`): where rotation events are sent, and every delivery. A
/// webhook's scope is one environment (`project` and `env` set) or a whole organization
/// (both `NULL`); it is not tied to an environment's row, so an organization's webhook
/// needs none. `secret` is the HMAC key of its signatures, sealed with the store key. A
/// delivery is recorded `pending`, leased to the process that sends it, before it is sent,
/// so that one a killed process left is sent by the next (once its lease expired).
/// `payload` is the event as JSON, which never holds a secret value.
const V5: &str = r#"
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    org        TEXT NOT NULL,
    project    TEXT,
    env        TEXT,
    url        TEXT NOT NULL,
    format     TEXT NOT NULL CHECK (format IN ('raw', 'slack')),
    -- A JSON array of event names.
    events     TEXT NOT NULL,
    secret     BLOB NOT NULL,
    created_at TEXT NOT NULL,
    CHECK ((project IS NULL) = (env IS NULL))
) STRICT;
CREATE INDEX webhooks_scope ON webhooks (org, project, env);

CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY,
    webhook_id       INTEGER NOT NULL REFERENCES webhooks (id),
    event            TEXT NOT NULL,
    environment      TEXT,
    attempt_id       TEXT,
    payload          TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    status_code      INTEGER,
    duration_ms      INTEGER CHECK (duration_ms >= 0),
    error            TEXT,
    tries            INTEGER NOT NULL DEFAULT 0 CHECK (tries >= 0),
    lease_owner      TEXT,
    lease_expires_at TEXT,
    created_at       TEXT NOT NULL,
    finished_at      TEXT
) STRICT;
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (id) WHERE status = 'pending';
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EnvName, KeySource, ScheduleSpec, SqliteStore, Store, StoreError};

    /// A store of schema version 2 (before schedules): read-only commands say it needs an
    /// upgrade (they never migrate), and the first read-write open migrates it, keeping its
    /// environments.
    #[test]
    fn a_version_2_store_is_upgraded_by_a_writer_and_explained_to_readers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("escrot.db");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(V1).unwrap();
            conn.execute_batch(V2).unwrap();
            conn.pragma_update(None, "user_version", 2).unwrap();
            conn.execute(
                "INSERT INTO environments (org, project, name, created_at) VALUES ('acme', 'app', 'prod', \
                 '2026-01-01T00:00:00Z')",
                [],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO revisions (env_id, number, yaml, author, created_at, kind) VALUES (1, 1, 'values: {}', \
                 'a', '2026-01-01T00:00:00Z', 'create')",
                [],
            )
            .unwrap();
        }
        let e = SqliteStore::open_path_read_only(&path, &KeySource::BesideDatabase).unwrap_err();
        assert!(matches!(e, StoreError::SchemaTooOld { found: 2, supported: SCHEMA_VERSION, .. }), "{e:?}");
        assert!(e.to_string().contains("commands that only read do not upgrade it"), "{e}");

        let mut store = SqliteStore::open_path(&path, &KeySource::BesideDatabase).unwrap();
        let env = EnvName::new("acme", "app", "prod").unwrap();
        assert_eq!(store.latest(&env).unwrap().yaml, "values: {}");
        let spec = ScheduleSpec {
            kind: "every".into(),
            expression: "1h".into(),
            window_seconds: None,
            time_zone: "UTC".into(),
            anchor_at: "2026-01-01T00:00:00Z".into(),
        };
        store.create_schedule(&env, &[], &spec, None).unwrap();
        drop(store);
        let reader = SqliteStore::open_path_read_only(&path, &KeySource::BesideDatabase).unwrap();
        assert_eq!(reader.list_schedules(None, None).unwrap().len(), 1);
    }
}
