use crate::harness::*;

/// Caches must keep one answer per Origin.
fn assert_varies_by_origin(answer: &Response) {
    let vary = answer.header("vary");
    assert!(
        vary.is_some_and(|v| v.eq_ignore_ascii_case("origin")),
        "{vary:?}"
    );
}

/// Alice's `GET /v1/orders`, sent by a page of `origin`.
fn alices_orders_from(server: &TestServer, origin: &str) -> Response {
    let request = server.request("GET", "/v1/orders").token(ALICE);
    request.header("Origin", origin).send()
}

#[test]
fn allowed_origins_get_cors_headers() {
    let server = TestServer::start();
    let answer = alices_orders_from(&server, ALLOWED_ORIGIN);
    assert_eq!(answer.status, 200);
    assert_eq!(
        answer.header("access-control-allow-origin"),
        Some(ALLOWED_ORIGIN)
    );
    assert_varies_by_origin(&answer);
    let exposed = answer
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase();
    for name in ["etag", "retry-after", "idempotent-replayed"] {
        assert!(exposed.split(',').any(|h| h.trim() == name), "{exposed}");
    }
    // Errors carry them too, or the widget could not read the problem.
    let problem = server
        .request("GET", "/v1/orders")
        .header("Origin", ALLOWED_ORIGIN)
        .send();
    assert_eq!(problem.status, 401);
    assert_eq!(
        problem.header("access-control-allow-origin"),
        Some(ALLOWED_ORIGIN)
    );

    let preflight = server
        .request("OPTIONS", "/v1/orders/ord_x/cancellations")
        .header("Origin", ALLOWED_ORIGIN)
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization, content-type, idempotency-key, if-match, expect-outcome",
        )
        .send();
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(ALLOWED_ORIGIN)
    );
    let methods: Vec<&str> = preflight
        .header("access-control-allow-methods")
        .unwrap()
        .split(',')
        .map(str::trim)
        .collect();
    assert_eq!(
        methods,
        ["GET", "POST", "PUT", "PATCH"],
        "the widget's and the merchant panel's methods"
    );
    let allowed = preflight
        .header("access-control-allow-headers")
        .unwrap()
        .to_ascii_lowercase();
    for name in [
        "authorization",
        "content-type",
        "idempotency-key",
        "if-match",
        "expect-outcome",
        "accept-language",
    ] {
        assert!(allowed.contains(name), "{allowed}");
    }
}

#[test]
fn other_origins_get_none() {
    let server = TestServer::start();
    let answer = alices_orders_from(&server, "http://evil.test");
    assert_eq!(
        answer.status, 200,
        "the server answers; the browser withholds it"
    );
    assert_eq!(answer.header("access-control-allow-origin"), None);
    assert_varies_by_origin(&answer);

    for origin in ["http://evil.test", "http://shop.test.evil.test", "null"] {
        let preflight = server
            .request("OPTIONS", "/v1/orders")
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "GET")
            .send();
        preflight.problem(403, "forbidden");
        assert!(
            preflight
                .headers
                .iter()
                .all(|(n, _)| !n.starts_with("access-control-")),
            "{origin}"
        );
    }
}
