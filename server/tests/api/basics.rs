use crate::harness::*;
use cancel_policy::Preset;
use order_cancel_server::config::PolicySource;
use order_cancel_server::http::OPENAPI;
use order_cancel_server::problem::Code;

#[test]
fn health_openapi_and_policy() {
    let server = TestServer::start();
    let health = server.request("GET", "/healthz").send();
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));

    let spec = server.request("GET", "/v1/openapi.yaml").send();
    assert_eq!(spec.status, 200);
    assert!(spec.header("content-type").unwrap().contains("yaml"));
    assert!(
        spec.body.starts_with("openapi: 3.1"),
        "{}",
        &spec.body[..40.min(spec.body.len())]
    );
    assert_eq!(spec.body, OPENAPI);

    // Public, and exactly the preset's policy.
    let policy = server.request("GET", "/v1/policy").send().ok_json();
    assert_eq!(
        policy,
        serde_json::to_value(Preset::TiktokShop.policy()).unwrap()
    );
    assert_eq!(server.get("/v1/policy", ALICE).ok_json(), policy);
}

#[test]
fn the_preset_flag_chooses_the_policy() {
    let server = TestServer::start_with(|c| c.policy = PolicySource::Preset(Preset::Amazon));
    assert_eq!(server.get("/v1/policy", ALICE).ok_json()["name"], "amazon");
}

#[test]
fn unknown_routes_and_methods_are_problems() {
    let server = TestServer::start();
    server.get("/v1/nope", ALICE).problem(404, "not_found");
    server.get("/", ALICE).problem(404, "not_found");
    server
        .request("DELETE", "/v1/orders")
        .token(ALICE)
        .send()
        .problem(405, "method_not_allowed");
    server
        .request("GET", "/v1/orders/x/cancellations")
        .token(ALICE)
        .send()
        .problem(405, "method_not_allowed");
}

#[test]
fn the_openapi_document_covers_every_route_and_problem_code() {
    for path in [
        "/healthz",
        "/v1/openapi.yaml",
        "/v1/policy",
        "/v1/orders",
        "/v1/orders/{order_id}",
        "/v1/orders/{order_id}/cancellations",
        "/v1/merchant/cancellation-requests",
        "/v1/merchant/orders/{order_id}/cancellations/{cancellation_id}/decision",
        "/readyz",
        "/v1/merchant/orders/{order_id}",
        "/v1/merchant/orders/{order_id}/items/{item_id}",
        "/v1/merchant/webhook-deliveries",
        "/v1/merchant/email-deliveries",
        "/v1/merchant/orders/{order_id}/history",
        "/v1/merchant/refunds",
        "/v1/merchant/refunds/{refund_id}",
        "/v1/merchant/policy",
        "/v1/merchant/demo/reset",
    ] {
        assert!(
            OPENAPI.contains(&format!("\n  {path}:\n")),
            "{path} is documented"
        );
    }
    for event in [
        "cancellation.completed",
        "cancellation.requested",
        "cancellation.decided",
        "refund.created",
        "refund.updated",
    ] {
        assert!(
            OPENAPI.contains(&format!("\n  {event}:\n")),
            "the {event} webhook is documented"
        );
    }
    for header in [
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
        "WWW-Authenticate",
        "X-Request-Id",
    ] {
        assert!(OPENAPI.contains(header), "{header} is documented");
    }
    for code in Code::ALL {
        assert!(
            OPENAPI.contains(&format!("            - {}\n", code.as_str())),
            "{code:?} is in the enum"
        );
    }
}
