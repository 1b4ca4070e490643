//! DOM CustomEvents that tell the host page what happened, dispatched on the host element,
//! bubbling and composed so they leave the shadow root.

use cancel_policy::{Cancellation, CancelledLine, Money, Order, RefundDestination};
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Event names, as a host page listens for them.
pub const SUBMITTED: &str = "order-cancel:submitted";
pub const COMPLETED: &str = "order-cancel:completed";
pub const REQUESTED: &str = "order-cancel:requested";
pub const FAILED: &str = "order-cancel:failed";
/// A request about a parcel on its way was recorded (to stop it, or a refusal notice).
pub const PARCEL_REQUESTED: &str = "order-cancel:parcel-requested";

/// Where events go; without a target (tests, a bare component) they are dropped.
#[derive(Clone, Default)]
pub struct HostEvents {
    target: Option<web_sys::EventTarget>,
}

/// `detail` of every event, camelCase as JavaScript expects.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct EventDetail {
    pub order_id: String,
    pub order_number: String,
    pub items: Vec<EventItem>,
    pub reason_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refund: Option<EventRefund>,
    /// The recorded cancellation (completed or requested events).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancellation_id: Option<String>,
    /// The recorded parcel request (parcel-requested events): its id and kind
    /// (`interception_request` or `refusal_notice`), flat as `cancellationId` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parcel_request_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parcel_request_kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<EventError>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventItem {
    pub item_id: String,
    pub quantity: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventRefund {
    /// Minor units.
    pub amount: i64,
    pub currency: String,
    pub destination: RefundDestination,
}

#[derive(Serialize)]
pub struct EventError {
    pub code: String,
    pub detail: String,
}

impl EventDetail {
    pub fn new(order: &Order, lines: &[CancelledLine], reason_code: Option<&str>) -> Self {
        let mut detail = EventDetail {
            order_id: order.id.clone(),
            order_number: order.number.clone(),
            items: Vec::new(),
            reason_code: reason_code.map(str::to_string),
            ..Default::default()
        };
        for line in lines {
            detail.items.push(EventItem {
                item_id: line.item_id.clone(),
                quantity: line.quantity,
            });
        }
        detail
    }

    pub fn with_refund(mut self, amount: &Money, destination: RefundDestination) -> Self {
        self.refund = Some(EventRefund {
            amount: amount.amount,
            currency: amount.currency.clone(),
            destination,
        });
        self
    }

    /// The detail for one recorded cancellation.
    pub fn of_cancellation(order: &Order, c: &Cancellation) -> Self {
        EventDetail {
            cancellation_id: Some(c.id.clone()),
            ..EventDetail::new(order, &c.items, Some(&c.reason_code))
        }
        .with_refund(&c.refund, c.refund_destination)
    }
}

impl HostEvents {
    pub fn new(target: web_sys::EventTarget) -> Self {
        HostEvents {
            target: Some(target),
        }
    }

    pub fn emit(&self, name: &str, detail: &EventDetail) {
        let Some(target) = &self.target else { return };
        let detail = detail
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .unwrap_or(JsValue::NULL);
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = target.dispatch_event(&event);
        }
    }
}
