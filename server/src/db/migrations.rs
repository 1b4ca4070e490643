//! Schema migrations with refinery: `server/migrations/{sqlite,postgres}/V<n>__<name>.sql`,
//! the same steps in each dialect, recorded in refinery's `refinery_schema_history`. Never
//! edit a shipped migration: add `V<n+1>__…` to both folders.
//!
//! Databases made before refinery recorded their steps in `schema_version` (one row per
//! step applied, 1, 2, …; the steps are the same files). On the first start of this code
//! such a database has no refinery history yet: the steps `schema_version` lists are
//! recorded as applied (refinery's `Target::FakeVersion`, nothing run again), then the
//! newer ones run. `schema_version` itself is left as it was.

use super::{DbError, Result, Tx};
use refinery::Target;

mod sqlite {
    refinery::embed_migrations!("migrations/sqlite");
}
mod postgres {
    refinery::embed_migrations!("migrations/postgres");
}

/// Advisory locks (PostgreSQL), per schema (instances sharing one schema share the data):
/// one instance at a time migrates, one seeds.
pub(super) const LOCK_MIGRATE: i32 = 1;
pub(super) const LOCK_SEED: i32 = 2;

/// `SELECT <function>(<this schema>, key)`.
pub(super) fn advisory_lock(function: &str, key: i32) -> String {
    format!("SELECT {function}(hashtext(current_schema()), {key})")
}

const LEGACY_TABLE: &str = "schema_version";
const HISTORY_TABLE: &str = "refinery_schema_history";

/// The step a pre-refinery database is at, if this is one that refinery has not seen.
fn legacy_version(
    tables: &[String],
    legacy_max: impl FnOnce() -> Result<Option<i64>>,
) -> Result<Option<i32>> {
    let has = |name: &str| tables.iter().any(|t| t == name);
    if !has(LEGACY_TABLE) || has(HISTORY_TABLE) {
        return Ok(None);
    }
    legacy_max()?
        .filter(|v| *v > 0)
        .map(|v| i32::try_from(v).map_err(|_| DbError::Mismatch(format!("schema_version {v}"))))
        .transpose()
}

/// Brings a SQLite database up to date. SQLite serves one instance: no lock to take.
pub(super) fn migrate_sqlite(conn: &mut rusqlite::Connection) -> Result<()> {
    let tables = {
        let mut stmt = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?;
        let names = stmt.query_map([], |r| r.get(0))?;
        names.collect::<rusqlite::Result<Vec<String>>>()?
    };
    let legacy = legacy_version(&tables, || {
        Ok(conn.query_row("SELECT max(version) FROM schema_version", [], |r| r.get(0))?)
    })?;
    if let Some(version) = legacy {
        sqlite::migrations::runner()
            .set_target(Target::FakeVersion(version))
            .run(conn)?;
    }
    sqlite::migrations::runner().set_grouped(true).run(conn)?;
    Ok(())
}

/// Brings a PostgreSQL schema up to date on a connection of its own, holding the
/// schema's migration lock: instances starting together migrate one at a time (the second
/// waits, then finds nothing to do). Waiting is start-up, not a request: up to a minute.
pub(super) async fn migrate_postgres(config: &tokio_postgres::Config) -> Result<()> {
    let (mut client, connection) = config.connect(tokio_postgres::NoTls).await?;
    let driver = tokio::spawn(connection);
    client
        .batch_execute(&format!(
            "SET lock_timeout = '60s'; {}",
            advisory_lock("pg_advisory_lock", LOCK_MIGRATE)
        ))
        .await?;
    let tables: Vec<String> = client
        .query(
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema()",
            &[],
        )
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
    let legacy_max = match tables.iter().any(|t| t == LEGACY_TABLE) {
        true => client
            .query_one("SELECT max(version)::bigint FROM schema_version", &[])
            .await?
            .try_get(0)?,
        false => None,
    };
    if let Some(version) = legacy_version(&tables, || Ok(legacy_max))? {
        postgres::migrations::runner()
            .set_target(Target::FakeVersion(version))
            .run_async(&mut client)
            .await?;
    }
    postgres::migrations::runner()
        .set_grouped(true)
        .run_async(&mut client)
        .await?;
    // Closing the session releases the lock.
    drop(client);
    let _ = driver.await;
    Ok(())
}

/// The latest migration applied (readiness check).
pub fn schema_version(tx: &Tx<'_>) -> Result<i64> {
    let row = tx.query_one(&format!("SELECT max(version) FROM {HISTORY_TABLE}"), &[])?;
    Ok(row.get::<Option<i64>>(0)?.unwrap_or(0))
}
