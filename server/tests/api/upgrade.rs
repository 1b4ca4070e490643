//! A database made before migrations went through refinery upgrades in place.
//!
//! Until then the server ran `server/migrations/*/00n_*.sql` itself (the same files, now
//! `V<n>__*.sql`) and recorded each step as a row of `schema_version`. These tests give a
//! database exactly that history: data written by the server, then refinery's record
//! replaced by today's `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT
//! NULL)` and one row per step, at step 2 (what the last release leaves) and at step 1
//! (its schema taken back by hand). The next start must keep every row, run only the
//! steps after the recorded one and answer as before. On SQLite, and on PostgreSQL with
//! `TEST_DATABASE_URL`.

use crate::harness::*;
use serde_json::Value;

/// Today's runner's history at `version`, in place of refinery's.
fn legacy_history(version: u32) -> String {
    let mut sql = String::from(
        "DROP TABLE refinery_schema_history;
         CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);",
    );
    for step in 1..=version {
        sql.push_str(&format!(
            "INSERT INTO schema_version (version) VALUES ({step});"
        ));
    }
    sql
}

/// Step 4 (parcel requests) taken back.
const UNDO_STEP_4: &str = "DROP TABLE parcel_requests;";

/// Step 3 (refinery's own, after the last release) taken back: the last release's schema.
const UNDO_STEP_3: &str = "DROP TABLE refunds; DROP TABLE order_contacts; DROP TABLE email_outbox;
    DROP TABLE email_attempts; DROP TABLE order_history;";

/// Step 2 taken back: the schema as `001_initial.sql` alone left it.
const UNDO_STEP_2: &str = "DROP INDEX orders_decision_due;
    ALTER TABLE orders DROP COLUMN decision_due;
    DROP TABLE webhook_deliveries;
    DROP TABLE webhook_attempts;";

/// The migrations refinery has recorded, oldest first.
fn history(server: &TestServer) -> Vec<(i64, String)> {
    let db = server.db();
    db.blocking(|conn| {
        order_cancel_server::db::read(conn, |tx| {
            tx.query(
                "SELECT CAST(version AS BIGINT), name FROM refinery_schema_history ORDER BY version",
                &[],
            )?
            .iter()
            .map(|row| Ok((row.get(0)?, row.get(1)?)))
            .collect::<order_cancel_server::db::Result<Vec<_>>>()
        })
    })
    .unwrap()
}

fn legacy_steps(server: &TestServer) -> Vec<i64> {
    let db = server.db();
    db.blocking(|conn| {
        order_cancel_server::db::read(conn, |tx| {
            tx.query(
                "SELECT CAST(version AS BIGINT) FROM schema_version ORDER BY version",
                &[],
            )?
            .iter()
            .map(|row| row.get(0))
            .collect::<order_cancel_server::db::Result<Vec<i64>>>()
        })
    })
    .unwrap()
}

fn upgrades_in_place_from(version: u32) {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10421");
    let first = server.cancel(
        &order,
        line(&order, "Merino wool beanie", 1),
        "before-upgrade",
    );
    assert_eq!(first.status, 201, "{}", first.body);
    let orders_before: Vec<Value> = server.all_orders(ALICE, "");

    let mut sql = legacy_history(version);
    sql.push_str(UNDO_STEP_4);
    sql.push_str(UNDO_STEP_3);
    if version < 2 {
        sql.push_str(UNDO_STEP_2);
    }
    server
        .db()
        .blocking(|conn| conn.execute_batch(&sql))
        .unwrap();

    let server = server.restart();
    assert_eq!(
        history(&server),
        [
            (1, "initial".to_string()),
            (2, "deadlines_and_outbox".to_string()),
            (3, "refunds_emails_history".to_string()),
            (4, "parcel_requests".to_string())
        ],
        "the old steps recorded, the newer run"
    );
    assert_eq!(
        legacy_steps(&server),
        (1..=i64::from(version)).collect::<Vec<_>>(),
        "schema_version left as it was"
    );
    let ready = server.request("GET", "/readyz").send().ok_json();
    assert_eq!(ready["schema_version"], 4);

    // Every order as it was, not seeded again, and the key's answer replayed.
    assert_eq!(server.all_orders(ALICE, ""), orders_before);
    let retry = server.cancel(
        &order,
        line(&order, "Merino wool beanie", 1),
        "before-upgrade",
    );
    assert_eq!((retry.status, &retry.body), (201, &first.body));
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));

    // Writes work on the upgraded schema (step 2's column and tables included).
    let order = server.order_numbered("PO-10421");
    let next = server.cancel(
        &order,
        line(&order, "Ceramic pour-over set", 1),
        "after-upgrade",
    );
    assert_eq!(next.status, 201, "{}", next.body);
    let deliveries = server
        .get("/v1/merchant/webhook-deliveries", MERCHANT)
        .ok_json();
    assert!(deliveries["deliveries"].is_array(), "{deliveries}");

    // A second start finds nothing to do.
    let server = server.restart();
    assert_eq!(history(&server).len(), 4);
    assert_eq!(
        server.order_numbered("PO-10421"),
        next.json()["order"],
        "kept across starts"
    );
}

#[test]
fn a_database_at_the_last_releases_schema_upgrades_in_place() {
    upgrades_in_place_from(2);
}

#[test]
fn a_database_one_step_behind_gets_the_missing_step() {
    upgrades_in_place_from(1);
}
