//! The store's sign-in: shopper JWTs accepted or refused, over real HTTP.

use crate::harness::*;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use std::path::PathBuf;

const SECRET: &str = "a-store-secret-of-at-least-32-bytes!!";
const ISSUER: &str = "https://shop.test";
const AUDIENCE: &str = "order-cancel";

fn keys_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/keys")
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn claims(sub: &str) -> Value {
    json!({"sub": sub, "exp": now() + 600, "iss": ISSUER, "aud": AUDIENCE})
}

fn sign(algorithm: Algorithm, kid: Option<&str>, claims: &Value) -> String {
    let key = match algorithm {
        Algorithm::HS256 => EncodingKey::from_secret(SECRET.as_bytes()),
        Algorithm::RS256 => {
            EncodingKey::from_rsa_pem(&std::fs::read(keys_dir().join("rsa.pem")).unwrap()).unwrap()
        }
        Algorithm::ES256 => {
            EncodingKey::from_ec_pem(&std::fs::read(keys_dir().join("ec.pem")).unwrap()).unwrap()
        }
        other => panic!("{other:?}"),
    };
    let header = Header {
        kid: kid.map(str::to_string),
        ..Header::new(algorithm)
    };
    encode(&header, claims, &key).unwrap()
}

fn store_server() -> TestServer {
    TestServer::start_with(|c| {
        c.jwt_secret = Some(SECRET.into());
        c.jwt_jwks = Some(keys_dir().join("jwks.json"));
        c.jwt_issuer = Some(ISSUER.into());
        c.jwt_audience = Some(AUDIENCE.into());
    })
}

/// `alice`'s orders as the token sees them, or the refusal.
fn orders_as(server: &TestServer, token: &str) -> Response {
    server.request("GET", "/v1/orders").token(token).send()
}

fn assert_invalid(server: &TestServer, token: &str, case: &str) {
    let answer = orders_as(server, token);
    assert_eq!(answer.status, 401, "{case}");
    answer.problem(401, "unauthorized");
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Bearer error=\"invalid_token\""),
        "{case}"
    );
}

#[test]
fn tokens_signed_by_the_store_are_accepted() {
    let server = store_server();
    for (algorithm, kid) in [
        (Algorithm::HS256, None),
        (Algorithm::RS256, Some("store-rsa-1")),
        (Algorithm::ES256, Some("store-ec-1")),
        (Algorithm::RS256, None),
    ] {
        let token = sign(algorithm, kid, &claims("alice"));
        let page = orders_as(&server, &token).ok_json();
        let numbers: Vec<&str> = page["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["number"].as_str().unwrap())
            .collect();
        assert_eq!(
            numbers.first(),
            Some(&"PO-10421"),
            "{algorithm:?}: sub alice sees alice's newest order"
        );
    }
    // sub is the shopper id: bob sees bob's orders, and alice's order is not found for him.
    let bob = sign(Algorithm::ES256, Some("store-ec-1"), &claims("bob"));
    assert!(server
        .all_orders(&bob, "")
        .iter()
        .all(|o| o["number"].as_str().unwrap().starts_with("PO-200")));
    let alices = server.order_numbered("PO-10421");
    server
        .get(&order_path(&alices), &bob)
        .problem(404, "not_found");
    // Within the 60 s leeway an expired token still works (clocks differ).
    let just_expired = json!({"sub": "alice", "exp": now() - 30, "iss": ISSUER, "aud": AUDIENCE});
    assert_eq!(
        orders_as(&server, &sign(Algorithm::HS256, None, &just_expired)).status,
        200
    );
}

#[test]
fn bad_expired_and_foreign_tokens_are_401_invalid_token() {
    let server = store_server();
    let with = |change: &dyn Fn(&mut Value)| {
        let mut c = claims("alice");
        change(&mut c);
        c
    };
    let expired = with(&|c| c["exp"] = json!(now() - 120));
    let no_exp = with(&|c| {
        c.as_object_mut().unwrap().remove("exp");
    });
    let wrong_audience = with(&|c| c["aud"] = json!("another-service"));
    let wrong_issuer = with(&|c| c["iss"] = json!("https://evil.test"));
    let no_sub = with(&|c| {
        c.as_object_mut().unwrap().remove("sub");
    });
    let other_rsa =
        EncodingKey::from_rsa_pem(&std::fs::read(keys_dir().join("other-rsa.pem")).unwrap())
            .unwrap();
    let wrong_key = encode(&Header::new(Algorithm::RS256), &claims("alice"), &other_rsa).unwrap();
    let wrong_kid = sign(Algorithm::RS256, Some("store-ec-1"), &claims("alice"));
    let wrong_secret = encode(
        &Header::new(Algorithm::HS256),
        &claims("alice"),
        &EncodingKey::from_secret(b"another-secret-of-32-bytes-or-more"),
    )
    .unwrap();
    // alg none: a header and claims with no signature at all.
    let b64 = |v: &Value| {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap())
    };
    let alg_none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims("alice"))
    );
    // An RS256 header over an HMAC made with the public key (the classic confusion attack).
    let valid = sign(Algorithm::HS256, None, &claims("alice"));
    let tampered = {
        let mut parts: Vec<String> = valid.split('.').map(str::to_string).collect();
        parts[1] = b64(&claims("bob"));
        parts.join(".")
    };
    let cases = [
        (
            "expired past the leeway",
            sign(Algorithm::HS256, None, &expired),
        ),
        (
            "no exp",
            sign(Algorithm::ES256, Some("store-ec-1"), &no_exp),
        ),
        (
            "wrong audience",
            sign(Algorithm::RS256, Some("store-rsa-1"), &wrong_audience),
        ),
        ("wrong issuer", sign(Algorithm::HS256, None, &wrong_issuer)),
        ("no sub", sign(Algorithm::HS256, None, &no_sub)),
        ("wrong RSA key", wrong_key),
        ("kid of another key", wrong_kid),
        ("wrong HS256 secret", wrong_secret),
        ("alg none", alg_none),
        ("claims changed after signing", tampered),
        ("an unknown opaque token", "no-such-token".to_string()),
        ("garbage", "a.b.c".to_string()),
    ];
    for (case, token) in &cases {
        assert_invalid(&server, token, case);
    }
    // A missing token is not an invalid one (RFC 6750 §3.1): no error code.
    let missing = server.request("GET", "/v1/orders").send();
    missing.problem(401, "unauthorized");
    assert_eq!(missing.header("www-authenticate"), Some("Bearer"));
}

#[test]
fn demo_tokens_exist_only_with_seed_and_the_merchant_token_is_configured() {
    let merchant = "merchant-token-for-the-tests-0123";
    let server = TestServer::start_with(|c| {
        c.seed = false;
        c.jwt_secret = Some(SECRET.into());
        c.merchant_token = Some(merchant.into());
    });
    assert_invalid(&server, ALICE, "demo shopper token without --seed");
    assert_invalid(&server, MERCHANT, "demo merchant token without --seed");
    assert_eq!(
        server
            .get("/v1/merchant/cancellation-requests", merchant)
            .status,
        200
    );
    assert_invalid(
        &server,
        &format!("{merchant}x"),
        "merchant token with an extra character",
    );
    assert_invalid(
        &server,
        &merchant[..merchant.len() - 1],
        "merchant token one character short",
    );
    // A shopper JWT is not a merchant credential.
    let shopper = sign(
        Algorithm::HS256,
        None,
        &json!({"sub": "alice", "exp": now() + 60}),
    );
    server
        .get("/v1/merchant/cancellation-requests", &shopper)
        .problem(403, "forbidden");
    assert_eq!(
        server.get("/v1/orders", &shopper).ok_json()["orders"],
        json!([]),
        "no seed: no orders"
    );
}
