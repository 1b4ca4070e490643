//! Webhooks out, following the Standard Webhooks specification: each event is a JSON body
//! `{"type", "timestamp", "data"}` sent with `webhook-id`, `webhook-timestamp` and
//! `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`.
//!
//! Events are written to an outbox ([`outbox`]) in the transaction that changes the order,
//! and a background deliverer ([`deliver`]) sends them at least once, with backoff.

pub mod deliver;
pub mod outbox;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use cancel_policy::Refund as RefundRecord;
use cancel_policy::{Cancellation, Order, ParcelRequestRecord, Timestamp};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

/// The signing secret: `whsec_` then the base64 of the key bytes.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

/// Never printed: logs and panics show only that a secret is there.
impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl Secret {
    pub fn parse(text: &str) -> Result<Secret, String> {
        let encoded = text
            .strip_prefix("whsec_")
            .ok_or("--webhook-secret must look like whsec_<base64> (the Standard Webhooks form)")?;
        let key = BASE64
            .decode(encoded)
            .map_err(|e| format!("--webhook-secret: the part after whsec_ is not base64: {e}"))?;
        // The specification asks for 24 to 64 bytes of randomness.
        if !(24..=64).contains(&key.len()) {
            return Err(format!(
                "--webhook-secret must hold 24 to 64 bytes, not {}",
                key.len()
            ));
        }
        Ok(Secret(key))
    }

    /// The `webhook-signature` header value for one attempt.
    pub fn sign(&self, id: &str, timestamp: i64, body: &str) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(format!("{id}.{timestamp}.").as_bytes());
        mac.update(body.as_bytes());
        format!("v1,{}", BASE64.encode(mac.finalize().into_bytes()))
    }
}

/// Where events go and how they are signed.
#[derive(Clone)]
pub struct Webhooks {
    pub endpoints: Vec<String>,
    pub secret: Secret,
}

/// The events this server sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    /// A shopper cancelled at once.
    CancellationCompleted,
    /// A shopper asked the seller to cancel.
    CancellationRequested,
    /// A request was approved or denied, by the merchant or by the response deadline.
    CancellationDecided,
    /// A cancellation owes money: its refund is pending.
    RefundCreated,
    /// A refund moved on (or its bank reference became known).
    RefundUpdated,
    /// A shopper asked to stop a parcel or said they will refuse it.
    ParcelRequestCreated,
    /// The store moved a parcel request on (intercepted, returned, …).
    ParcelRequestUpdated,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::CancellationCompleted => "cancellation.completed",
            EventType::CancellationRequested => "cancellation.requested",
            EventType::CancellationDecided => "cancellation.decided",
            EventType::RefundCreated => "refund.created",
            EventType::RefundUpdated => "refund.updated",
            EventType::ParcelRequestCreated => "parcel_request.created",
            EventType::ParcelRequestUpdated => "parcel_request.updated",
        }
    }

    /// The event for a cancellation just created.
    pub fn for_new(cancellation: &Cancellation) -> EventType {
        match cancellation.status {
            cancel_policy::CancellationStatus::Requested => EventType::CancellationRequested,
            _ => EventType::CancellationCompleted,
        }
    }
}

/// Who decided a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    Merchant,
    /// The seller did not answer before `respond_by`; the policy's `on_seller_silence` applied.
    Deadline,
}

#[derive(Serialize)]
struct Line<'a> {
    item_id: &'a str,
    sku: &'a str,
    title: &'a str,
    quantity: u32,
}

#[derive(Serialize)]
struct Refund<'a> {
    amount: i64,
    currency: &'a str,
    destination: &'a str,
}

#[derive(Serialize)]
struct Data<'a> {
    order_id: &'a str,
    order_number: &'a str,
    shopper_id: &'a str,
    cancellation_id: &'a str,
    status: cancel_policy::CancellationStatus,
    lines: Vec<Line<'a>>,
    reason_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<&'a str>,
    refund: Refund<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    respond_by: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    decided_by: Option<DecidedBy>,
    order_version: u64,
}

#[derive(Serialize)]
struct Envelope<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    timestamp: Timestamp,
    data: Data<'a>,
}

/// The JSON body of an event about `cancellation` of `order`.
pub fn payload(
    kind: EventType,
    order: &Order,
    shopper_id: &str,
    cancellation: &Cancellation,
    decided_by: Option<DecidedBy>,
    now: Timestamp,
) -> String {
    let lines = cancellation
        .items
        .iter()
        .map(|line| {
            let item = order.item(&line.item_id);
            Line {
                item_id: &line.item_id,
                sku: item.map_or("", |i| i.sku.as_str()),
                title: item.map_or("", |i| i.title.as_str()),
                quantity: line.quantity,
            }
        })
        .collect();
    let data = Data {
        order_id: &order.id,
        order_number: &order.number,
        shopper_id,
        cancellation_id: &cancellation.id,
        status: cancellation.status,
        lines,
        reason_code: &cancellation.reason_code,
        comment: cancellation.comment.as_deref(),
        refund: Refund {
            amount: cancellation.refund.amount,
            currency: &cancellation.refund.currency,
            destination: cancellation.refund_destination.as_str(),
        },
        respond_by: cancellation.respond_by,
        decided_by,
        order_version: order.version,
    };
    serde_json::to_string(&Envelope {
        kind: kind.as_str(),
        timestamp: now,
        data,
    })
    .expect("events serialise")
}

/// The `data` of an event about one record of an order (a refund, a parcel request): the
/// order's names, the record's own members, the order's version after the change.
#[derive(Serialize)]
struct RecordData<'a, R: Serialize> {
    order_id: &'a str,
    order_number: &'a str,
    shopper_id: &'a str,
    #[serde(flatten)]
    record: R,
    order_version: u64,
}

#[derive(Serialize)]
struct RecordEnvelope<'a, R: Serialize> {
    #[serde(rename = "type")]
    kind: &'static str,
    timestamp: Timestamp,
    data: RecordData<'a, R>,
}

fn record_payload(
    kind: EventType,
    order: &Order,
    shopper_id: &str,
    record: impl Serialize,
    now: Timestamp,
) -> String {
    serde_json::to_string(&RecordEnvelope {
        kind: kind.as_str(),
        timestamp: now,
        data: RecordData {
            order_id: &order.id,
            order_number: &order.number,
            shopper_id,
            record,
            order_version: order.version,
        },
    })
    .expect("events serialise")
}

#[derive(Serialize)]
struct RefundOf<'a> {
    refund: &'a RefundRecord,
}

/// The JSON body of `refund.created` or `refund.updated` about `refund` of `order`.
pub fn refund_payload(
    kind: EventType,
    order: &Order,
    shopper_id: &str,
    refund: &RefundRecord,
    now: Timestamp,
) -> String {
    record_payload(kind, order, shopper_id, RefundOf { refund }, now)
}

#[derive(Serialize)]
struct ParcelOf<'a> {
    parcel_request: &'a ParcelRequestRecord,
    line: Line<'a>,
}

/// The JSON body of `parcel_request.created` or `parcel_request.updated` about `request`
/// of `order`, with the line it is about (`sku` and `title` for the store's people).
pub fn parcel_payload(
    kind: EventType,
    order: &Order,
    shopper_id: &str,
    request: &ParcelRequestRecord,
    now: Timestamp,
) -> String {
    let item = order.item(&request.item_id);
    let line = Line {
        item_id: &request.item_id,
        sku: item.map_or("", |i| i.sku.as_str()),
        title: item.map_or("", |i| i.title.as_str()),
        quantity: request.quantity,
    };
    let record = ParcelOf {
        parcel_request: request,
        line,
    };
    record_payload(kind, order, shopper_id, record, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_like_the_specification() {
        // The example of the Standard Webhooks specification.
        let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let body = r#"{"test": 2432232314}"#;
        assert_eq!(
            secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
    }

    #[test]
    fn secrets_must_be_whsec_base64_of_a_sensible_length() {
        assert!(Secret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            .unwrap_err()
            .contains("whsec_"));
        assert!(Secret::parse("whsec_not base64!")
            .unwrap_err()
            .contains("base64"));
        assert!(Secret::parse("whsec_MTIz")
            .unwrap_err()
            .contains("24 to 64 bytes"));
    }
}
