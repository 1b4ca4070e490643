use crate::harness::*;
use std::time::{Duration, Instant};

#[test]
fn too_many_requests_are_429_per_token_until_the_bucket_refills() {
    // One request per second, bursts of two: the third in a row is refused.
    let server = TestServer::start_with(|c| c.rate_limit = 1);
    assert_eq!(server.get("/v1/orders", ALICE).status, 200);
    assert_eq!(server.get("/v1/orders", ALICE).status, 200);
    let refused = server
        .request("GET", "/v1/orders")
        .token(ALICE)
        .header("Origin", ALLOWED_ORIGIN)
        .send();
    let problem = refused.problem(429, "rate_limited");
    let retry_after: u64 = refused
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("whole seconds");
    assert!(retry_after >= 1, "{retry_after}");
    assert!(
        problem["detail"].as_str().unwrap().contains("retry"),
        "{problem}"
    );
    // The widget in a browser can read it.
    assert_eq!(
        refused.header("access-control-allow-origin"),
        Some(ALLOWED_ORIGIN)
    );

    // Other tokens and anonymous callers have buckets of their own; health checks are not counted.
    assert_eq!(server.get("/v1/orders", BOB).status, 200);
    assert_eq!(server.request("GET", "/v1/policy").send().status, 200);
    // An unknown token counts against the client's IP, not a fresh bucket per invented token.
    server
        .get("/v1/orders", "made-up-1")
        .problem(401, "unauthorized");
    server
        .get("/v1/orders", "made-up-2")
        .problem(429, "rate_limited");
    for _ in 0..5 {
        assert_eq!(server.request("GET", "/healthz").send().status, 200);
    }

    std::thread::sleep(Duration::from_secs(retry_after));
    assert_eq!(
        server.get("/v1/orders", ALICE).status,
        200,
        "refilled after Retry-After"
    );
}

#[test]
fn a_locked_database_is_503_and_the_same_key_succeeds_later() {
    let server = TestServer::start_with(|c| c.busy_timeout = Duration::from_millis(100));
    let order = server.order_numbered("PO-10421");
    let items = line(&order, "Merino wool beanie", 1);

    // Another process holds the write lock for longer than the server waits for it.
    // SQLite: the database's write lock. PostgreSQL: a lock on the orders table that the
    // server's `SELECT … FOR UPDATE` waits for (lock_timeout) as long as it waits in SQLite.
    let lock = if server.is_postgres() {
        "BEGIN; LOCK TABLE orders IN EXCLUSIVE MODE"
    } else {
        "BEGIN EXCLUSIVE"
    };
    let busy = server.db().blocking(|conn| {
        conn.execute_batch(lock).unwrap();
        let started = Instant::now();
        let answer = server.cancel(&order, items.clone(), "busy-1");
        assert!(
            started.elapsed() >= Duration::from_millis(100),
            "waited for the lock first"
        );
        conn.execute_batch("ROLLBACK").unwrap();
        answer
    });
    busy.problem(503, "unavailable");
    let retry_after: u64 = busy
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("whole seconds");
    assert!(retry_after >= 1);
    assert_eq!(server.order_numbered("PO-10421"), order, "nothing changed");

    let retried = server.cancel(&order, items, "busy-1");
    assert_eq!(retried.status, 201, "{}", retried.body);
    assert_eq!(
        retried.header("idempotent-replayed"),
        None,
        "the 503 was not stored under the key"
    );
}
