use crate::harness::*;
use std::time::{Duration, Instant};

#[test]
fn cancellations_survive_a_restart() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10421");
    let first = server.cancel(&order, line(&order, "Merino wool beanie", 1), "durable-1");
    assert_eq!(first.status, 201);

    let server = server.restart();
    let stored = server.order_numbered("PO-10421");
    assert_eq!(stored, first.json()["order"]);
    assert_eq!(server.all_orders(ALICE, "").len(), 14, "not seeded twice");
    // The idempotency record survived too: the retry replays instead of failing.
    let retry = server.cancel(&order, line(&order, "Merino wool beanie", 1), "durable-1");
    assert_eq!((retry.status, &retry.body), (201, &first.body));
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
}

#[test]
fn idempotency_keys_are_forgotten_after_a_day() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10421");
    assert_eq!(
        server
            .cancel(&order, line(&order, "Merino wool beanie", 1), "daily")
            .status,
        201
    );
    server.advance_minutes(23 * 60);
    let server = server.restart();
    let order = server.order_numbered("PO-10421");
    server
        .cancel(&order, line(&order, "Ceramic pour-over set", 1), "daily")
        .problem(422, "idempotency_key_reused");

    server.advance_minutes(2 * 60);
    let server = server.restart(); // start-up purges records older than 24 hours
    let answer = server.cancel(&order, line(&order, "Ceramic pour-over set", 1), "daily");
    assert_eq!(answer.status, 201, "{}", answer.body);
}

/// Polls until `title` in `number` reaches `state`, for at most a few seconds.
fn wait_for_state(server: &TestServer, number: &str, title: &str, state: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let order = server.order_numbered(number);
        if item(&order, title)["state"] == state {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{title} stuck in {}",
            item(&order, title)["state"]
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_simulator_moves_items_along_with_the_clock() {
    // Speed 600: one step per simulated second, checked every 200 ms.
    let server = TestServer::start_with(|c| c.simulate = Some(600.0));
    wait_for_state(&server, "PO-10421", "Merino wool beanie", "processing");
    std::thread::sleep(Duration::from_millis(500));
    let order = server.order_numbered("PO-10421");
    assert_eq!(
        item(&order, "Merino wool beanie")["state"],
        "processing",
        "the clock has not moved"
    );

    for next in ["packed", "shipped", "delivered"] {
        server.advance_seconds(1);
        wait_for_state(&server, "PO-10421", "Merino wool beanie", next);
    }

    // Waiting on the shopper or on the merchant: nothing moves.
    assert_eq!(
        item(
            &server.order_numbered("PO-10420"),
            "Linen tea towels, set of 2"
        )["state"],
        "unpaid"
    );
    let requested = server.order_numbered("PO-10412");
    assert_eq!(
        item(&requested, "Wool throw blanket")["state"],
        "cancellation_requested"
    );
    assert_eq!(
        item(&requested, "Linen napkins, set of 4")["state"],
        "delivered"
    );
}
