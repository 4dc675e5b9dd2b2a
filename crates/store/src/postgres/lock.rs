//! The rotation lock of a PostgreSQL store: a session advisory lock per environment, held on
//! a session of its own that the [`RotationLock`] owns. Dropping the lock unlocks it and
//! keeps the session for the store's next rotation lock (opening a session — a thread, a
//! connection, authentication — costs more than all the other store calls of a rotation);
//! when unlocking fails, the session is closed, which releases the lock too, as the server
//! does when the process dies, however it dies.
//!
//! It is taken by polling `pg_try_advisory_lock`, as [`crate::lock`] polls file locks, so
//! that a waiting rotation can say whose rotation it waits for (the holder's session, from
//! `pg_locks` and `pg_stat_activity`: escrot names its sessions `escrot pid N on HOST`) and
//! give up after its timeout.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::url::PostgresLocation;
use super::worker::{Connection, Session};
use crate::error::StoreError;
use crate::lock::{LockWait, POLL_INTERVAL, format_duration};
use crate::name::EnvName;
use crate::store::RotationLock;

/// The first half of every rotation lock's key (`escr` in ASCII), so that escrot's locks do
/// not collide with other applications' advisory locks in the same database.
const LOCK_CLASS: i32 = 0x6573_6372;

/// How many unlocked sessions a store keeps for its next locks (as many as rotations that
/// usually run at once).
const KEPT_SESSIONS: usize = 8;

/// The second half: the environment's name hashed (FNV-1a). Two names with the same hash
/// only make their rotations take turns.
fn lock_key(env: &EnvName) -> i32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in env.to_string().bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    i32::from_ne_bytes(hash.to_ne_bytes())
}

/// A store's sessions that hold no rotation lock, ready for the next one.
#[derive(Clone, Default)]
pub(super) struct IdleSessions(Arc<Mutex<Vec<Connection>>>);

impl IdleSessions {
    fn take(&self) -> Option<Connection> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).pop()
    }

    fn keep(&self, conn: Connection) {
        let mut idle = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < KEPT_SESSIONS {
            idle.push(conn);
            return;
        }
        drop(idle);
        // Closed outside the list's lock: closing waits for the connection's thread.
        drop(conn);
    }
}

/// A taken lock: its session, which unlocks on drop and goes back to the idle ones.
struct Held {
    conn: Option<Connection>,
    key: i32,
    idle: IdleSessions,
}

impl Drop for Held {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else { return };
        let key = self.key;
        let unlocked = conn.run(move |c| {
            Box::pin(async move {
                Ok(c.query_one("SELECT pg_advisory_unlock($1, $2)", &[&LOCK_CLASS, &key]).await?.get::<_, bool>(0))
            })
        });
        // Otherwise `conn` is dropped: closing the session releases whatever it holds.
        if matches!(unlocked, Ok(true)) {
            self.idle.keep(conn);
        }
    }
}

fn try_lock(conn: &Connection, key: i32) -> Result<bool, StoreError> {
    conn.run(move |c| {
        Box::pin(async move {
            Ok(c.query_one("SELECT pg_try_advisory_lock($1, $2)", &[&LOCK_CLASS, &key]).await?.get::<_, bool>(0))
        })
    })
}

/// Takes the rotation lock of `env` on one of the `idle` sessions or a new one, waiting for
/// its holder as `wait` says.
pub(super) fn take(
    location: &PostgresLocation,
    idle: &IdleSessions,
    env: &EnvName,
    wait: &LockWait,
) -> Result<RotationLock, StoreError> {
    let key = lock_key(env);
    // A kept session may have ended since (a server restart, an idle timeout): a new
    // session serves then.
    let kept = idle.take().map(|conn| {
        let locked = try_lock(&conn, key);
        (conn, locked)
    });
    let (conn, mut locked) = match kept {
        Some((conn, Ok(locked))) => (conn, locked),
        _ => {
            let conn = Connection::open(location, Session::Pinned)?;
            let locked = try_lock(&conn, key)?;
            (conn, locked)
        }
    };
    let what = env.to_string();
    let start = Instant::now();
    let mut told = false;
    loop {
        if locked {
            return Ok(RotationLock::new(Held { conn: Some(conn), key, idle: idle.clone() }));
        }
        let holder = holder(&conn, key)?;
        if !told {
            (wait.notify)(&format!("waiting for the rotation of {what} held by {holder}…"));
            told = true;
        }
        let waited = start.elapsed();
        if waited >= wait.timeout {
            idle.keep(conn);
            return Err(StoreError::LockTimeout { what, holder, waited: format_duration(waited) });
        }
        std::thread::sleep(POLL_INTERVAL.min(wait.timeout - waited));
        locked = try_lock(&conn, key)?;
    }
}

/// Who holds the lock `key`: the holder's session name and server process, as far as the
/// server tells this user.
fn holder(conn: &Connection, key: i32) -> Result<String, StoreError> {
    // `pg_locks` shows the two halves of a two-key advisory lock as `classid` and `objid`
    // (`objsubid` 2), both as unsigned oids.
    let class = i64::from(u32::from_ne_bytes(LOCK_CLASS.to_ne_bytes()));
    let object = i64::from(u32::from_ne_bytes(key.to_ne_bytes()));
    let found = conn.run(move |c| {
        Box::pin(async move {
            let row = c
                .query_opt(
                    "SELECT a.application_name, l.pid FROM pg_locks l \
                     LEFT JOIN pg_stat_activity a ON a.pid = l.pid \
                     WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 \
                       AND l.classid::bigint = $1 AND l.objid::bigint = $2 \
                       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
                     LIMIT 1",
                    &[&class, &object],
                )
                .await?;
            Ok(row.map(|r| (r.get::<_, Option<String>>(0), r.get::<_, i32>(1))))
        })
    })?;
    Ok(match found {
        Some((Some(name), pid)) if !name.is_empty() => format!("{name} (server session {pid})"),
        Some((_, pid)) => format!("server session {pid}"),
        // Released between the two queries: the next try takes it.
        None => "another session".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_per_name() {
        let a = EnvName::parse("acme/db/prod", "x").unwrap();
        let b = EnvName::parse("acme/db/dev", "x").unwrap();
        assert_eq!(lock_key(&a), lock_key(&a.clone()));
        assert_ne!(lock_key(&a), lock_key(&b));
    }
}
