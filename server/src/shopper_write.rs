//! The seam every shopper write to an order goes through (a cancellation, a parcel request):
//! the headers they share (`Idempotency-Key`, `If-Match`, `Accept-Language`, the JWT's
//! email), one transaction that claims the key, finds the shopper's own order, checks its
//! version, makes the change and stores the answer with it, and the HTTP answer (201, or
//! the first answer replayed). A retry can never change an order twice.

use crate::cancellations::Precondition;
use crate::db::{self, Conn, StoredResponse, Tx};
use crate::ids::hex;
use crate::notify::Requester;
use crate::problem::{Code, Problem};
use crate::respond::{etag, json_text, with_etag, IDEMPOTENT_REPLAYED};
use crate::AppState;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use cancel_policy::{Order, Timestamp};
use sha2::{Digest, Sha256};

/// Who writes to which order, under which key and precondition, and what their request
/// tells about them (not part of the request for idempotency).
pub struct ShopperWrite {
    pub shopper_id: String,
    pub order_id: String,
    pub idempotency_key: String,
    pub precondition: Precondition,
    pub now: Timestamp,
    /// The `email` claim of the shopper's JWT: where the emails go when the order has no
    /// address of its own.
    pub email: Option<String>,
    /// `Accept-Language`: the emails' language.
    pub accept_language: Option<String>,
}

impl ShopperWrite {
    /// The write the request's headers describe; 400 for a missing or malformed
    /// `Idempotency-Key` or `If-Match`, 428 without `If-Match`.
    pub fn from_headers(
        state: &AppState,
        headers: &HeaderMap,
        shopper_id: String,
        order_id: String,
    ) -> Result<ShopperWrite, Problem> {
        Ok(ShopperWrite {
            idempotency_key: idempotency_key(headers)?,
            precondition: precondition(headers)?,
            email: state.auth().email_claim(headers),
            accept_language: accept_language(headers),
            shopper_id,
            order_id,
            now: state.now(),
        })
    }

    pub fn requester(&self) -> Requester<'_> {
        Requester {
            email: self.email.as_deref(),
            accept_language: self.accept_language.as_deref(),
        }
    }
}

/// Identifies a request for idempotency: its order and its parts (the body re-serialised
/// from its parsed form, so whitespace or key order do not make two identical ones differ).
pub fn request_hash(order_id: &str, parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(order_id.as_bytes());
    for part in parts {
        hasher.update(b"\n");
        hasher.update(part);
    }
    hex(&hasher.finalize())
}

/// What to answer.
pub enum Answer {
    Created {
        body: String,
        version: u64,
    },
    /// The stored first answer under this idempotency key.
    Replayed {
        status: u16,
        body: String,
    },
}

/// Runs `change` on the shopper's order in one transaction: the key claimed first (a
/// replay or a 422 if it was used), the order found (404, also for another shopper's) at
/// the version `If-Match` names (412), then `change` stores the order and its events and
/// returns the 201 body, which is stored under the key in the same transaction. Any `Err`
/// rolls everything back.
pub fn write(
    conn: &mut Conn<'_>,
    w: &ShopperWrite,
    hash: &str,
    change: impl FnOnce(&Tx<'_>, &mut Order) -> Result<String, Problem>,
) -> Result<Answer, Problem> {
    db::write(conn, |tx| {
        // A concurrent request under the same key, on any instance, waits for this row,
        // then replays what this one stores (or goes ahead if this one fails).
        let claimed =
            db::claim_idempotency(tx, &w.shopper_id, &w.idempotency_key, hash, w.now.unix())?;
        if let Some(first) = claimed {
            return if first.request_hash == hash {
                Ok(Answer::Replayed {
                    status: first.status_code,
                    body: first.body,
                })
            } else {
                Err(Problem::new(
                    Code::IdempotencyKeyReused,
                    "This Idempotency-Key was used for a different request; use a new key for a new request.",
                ))
            };
        }
        let mut order = db::find_shoppers_order(tx, &w.shopper_id, &w.order_id)?
            .ok_or_else(|| Problem::not_found("Order"))?;
        if !w.precondition.matches(order.version) {
            return Err(Problem::new(
                Code::StaleVersion,
                format!(
                    "The order is at version {} now; review it and send If-Match: {}.",
                    order.version,
                    etag(order.version)
                ),
            )
            .with("order", &order));
        }
        let body = change(tx, &mut order)?;
        let stored = StoredResponse {
            request_hash: hash.to_string(),
            status_code: 201,
            body,
        };
        db::store_idempotent(tx, &w.shopper_id, &w.idempotency_key, &stored)?;
        Ok(Answer::Created {
            body: stored.body,
            version: order.version,
        })
    })
}

/// Runs `job` (which calls [`write`]) for `w` on the database and answers: 201 with the
/// new order's `ETag`, or the first answer with `Idempotent-Replayed: true`. A retry racing
/// its own first attempt is told so (409 `request_in_flight`) rather than run twice.
pub async fn run(
    state: &AppState,
    w: ShopperWrite,
    job: impl FnOnce(&mut Conn<'_>, &ShopperWrite) -> Result<Answer, Problem> + Send + 'static,
) -> Result<Response, Problem> {
    let in_flight = state
        .begin_request(&w.shopper_id, &w.idempotency_key)
        .ok_or_else(|| {
            Problem::new(
                Code::RequestInFlight,
                "The first request with this Idempotency-Key is still being processed.",
            )
            .header(header::RETRY_AFTER, "1")
        })?;
    let answer = state
        .db()
        .run(move |conn| {
            let _in_flight = in_flight; // released when the transaction is over, not when the client leaves
            job(conn, &w)
        })
        .await?;
    Ok(match answer {
        Answer::Created { body, version } => {
            state.events_written();
            with_etag(json_text(StatusCode::CREATED, body), version)
        }
        Answer::Replayed { status, body } => {
            let version = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["order"]["version"].as_u64());
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED);
            let mut response = json_text(status, body);
            response
                .headers_mut()
                .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
            match version {
                Some(version) => with_etag(response, version),
                None => response,
            }
        }
    })
}

fn idempotency_key(headers: &HeaderMap) -> Result<String, Problem> {
    let value = headers.get("idempotency-key").ok_or_else(|| {
        Problem::invalid("Send an Idempotency-Key header (a unique value per attempt).")
    })?;
    let key = value.to_str().ok().filter(|k| {
        (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
    });
    key.map(str::to_string).ok_or_else(|| {
        Problem::invalid("Idempotency-Key must be 1 to 255 printable ASCII characters.")
    })
}

fn precondition(headers: &HeaderMap) -> Result<Precondition, Problem> {
    let value = headers.get(header::IF_MATCH).ok_or_else(|| {
        Problem::new(
            Code::PreconditionRequired,
            "Send If-Match with the order's ETag, e.g. If-Match: \"3\".",
        )
    })?;
    value
        .to_str()
        .ok()
        .and_then(Precondition::parse)
        .ok_or_else(|| Problem::invalid("If-Match must be the order's ETag, e.g. \"3\"."))
}

/// The shopper's language for the emails (`Accept-Language`, which the widget sets to its
/// locale); a value that is not text, or absurdly long, is ignored rather than refused.
fn accept_language(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::ACCEPT_LANGUAGE)?
        .to_str()
        .ok()
        .filter(|v| v.len() <= 200)
        .map(str::to_string)
}
