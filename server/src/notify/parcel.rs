//! What the outboxes get when a parcel request is made or moved: the store's webhook
//! (`parcel_request.created` / `parcel_request.updated`), the merchant's history entry and,
//! for a return, the refund it opened (`refund.created`).

use super::{Notifier, Requester};
use crate::db::{history, Result, Tx};
use crate::webhooks::{self, EventType};
use cancel_policy::{Order, ParcelRequestRecord, Refund, Timestamp};
use serde_json::json;

impl Notifier {
    /// A shopper asked to stop a parcel or said they will refuse it.
    pub fn parcel_request_created(
        &self,
        tx: &Tx<'_>,
        order: &Order,
        shopper_id: &str,
        request: &ParcelRequestRecord,
        requester: &Requester<'_>,
        now: Timestamp,
    ) -> Result<()> {
        self.remember(tx, order, requester)?;
        self.parcel_event(
            tx,
            order,
            shopper_id,
            request,
            EventType::ParcelRequestCreated,
            now,
        )
    }

    /// The store moved a parcel request on; `refunds` are the ones a return opened.
    pub fn parcel_request_updated(
        &self,
        tx: &Tx<'_>,
        order: &Order,
        shopper_id: &str,
        request: &ParcelRequestRecord,
        refunds: &[Refund],
        now: Timestamp,
    ) -> Result<()> {
        self.parcel_event(
            tx,
            order,
            shopper_id,
            request,
            EventType::ParcelRequestUpdated,
            now,
        )?;
        self.refunds_created(tx, order, shopper_id, refunds, now)
    }

    fn parcel_event(
        &self,
        tx: &Tx<'_>,
        order: &Order,
        shopper_id: &str,
        request: &ParcelRequestRecord,
        kind: EventType,
        now: Timestamp,
    ) -> Result<()> {
        self.webhook(tx, kind, || {
            webhooks::parcel_payload(kind, order, shopper_id, request, now)
        })?;
        history::append(
            tx,
            &order.id,
            now.unix() * 1000,
            kind.as_str(),
            &json!(request),
        )
    }
}
