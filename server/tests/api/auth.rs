use crate::harness::*;
use serde_json::json;

#[test]
fn missing_or_unknown_tokens_are_401() {
    let server = TestServer::start();
    for path in [
        "/v1/orders",
        "/v1/orders/ord_x",
        "/v1/merchant/cancellation-requests",
    ] {
        let answer = server.request("GET", path).send();
        answer.problem(401, "unauthorized");
        assert_eq!(answer.header("www-authenticate"), Some("Bearer"));
        for authorization in [
            "Bearer nope",
            "Basic ZGVtbzpkZW1v",
            "Bearer",
            "demo-shopper",
        ] {
            server
                .request("GET", path)
                .header("Authorization", authorization)
                .send()
                .problem(401, "unauthorized");
        }
    }
    // The scheme is case-insensitive (RFC 9110).
    assert_eq!(
        server
            .request("GET", "/v1/orders")
            .header("Authorization", "bearer demo-shopper")
            .send()
            .status,
        200
    );
    let post = server
        .request("POST", "/v1/orders/ord_x/cancellations")
        .json(&json!({"items": []}))
        .send();
    post.problem(401, "unauthorized");
}

#[test]
fn another_shoppers_order_does_not_exist() {
    let server = TestServer::start();
    let order = server.order_numbered("PO-10421");
    let path = order_path(&order);

    let theirs = server.get(&path, BOB).problem(404, "not_found");
    let missing = server
        .get("/v1/orders/ord_0000000000", BOB)
        .problem(404, "not_found");
    assert_eq!(theirs, missing, "indistinguishable from a missing order");

    let attempt = server
        .request("POST", &format!("{path}/cancellations"))
        .token(BOB)
        .header("Idempotency-Key", "bob-1")
        .header("If-Match", &etag(&order))
        .json(
            &json!({"items": line(&order, "Merino wool beanie", 1), "reason_code": "changed_mind"}),
        )
        .send();
    attempt.problem(404, "not_found");
    assert_eq!(
        server.get(&path, ALICE).ok_json(),
        order,
        "alice's order untouched"
    );

    let bobs = server.all_orders(BOB, "");
    assert_eq!(bobs.len(), 2);
    assert!(bobs
        .iter()
        .all(|o| o["number"].as_str().unwrap().starts_with("PO-200")));
}

#[test]
fn roles_are_enforced() {
    let server = TestServer::start();
    server
        .get("/v1/merchant/cancellation-requests", ALICE)
        .problem(403, "forbidden");
    let decision = server
        .request(
            "POST",
            "/v1/merchant/orders/ord_x/cancellations/c_x/decision",
        )
        .token(ALICE)
        .json(&json!({"approve": true}))
        .send();
    decision.problem(403, "forbidden");
    server.get("/v1/orders", MERCHANT).problem(403, "forbidden");
    server
        .get("/v1/orders/ord_x", MERCHANT)
        .problem(403, "forbidden");
}
