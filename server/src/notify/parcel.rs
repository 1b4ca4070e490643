//! What the outboxes get when a parcel request is made or moved: the store's webhook
//! (`parcel_request.created` / `parcel_request.updated`), the merchant's history entry, the
//! shopper's email of the step and, for a return, the refund it opened (`refund.created`).

use super::{mail_refund, Notifier, Requester};
use crate::db::{Result, Tx};
use crate::mail::{MailKind, MailRefund};
use crate::webhooks::{self, EventType};
use cancel_policy::{Order, ParcelRequestRecord, ParcelRequestStatus, Policy, Refund, Timestamp};
use serde_json::json;

impl Notifier {
    /// A shopper asked to stop a parcel or said they will refuse it: the email says what
    /// happens next and what comes back once the parcel is back.
    #[allow(clippy::too_many_arguments)] // one change's facts, all written together
    pub fn parcel_request_created(
        &self,
        tx: &Tx<'_>,
        order: &Order,
        shopper_id: &str,
        request: &ParcelRequestRecord,
        requester: &Requester<'_>,
        policy: &Policy,
        now: Timestamp,
    ) -> Result<()> {
        self.remember(tx, order, requester)?;
        let kind = EventType::ParcelRequestCreated;
        let payload = || webhooks::parcel_payload(kind, order, shopper_id, request, now);
        self.record_event(tx, kind, order, now, payload, &json!(request))?;
        let promised = (request.refund.amount > 0).then(|| MailRefund {
            amount: request.refund.clone(),
            destination: request.refund_destination,
            expected: policy
                .refund_times
                .for_destination(request.refund_destination),
            reference: None,
            failure_reason: None,
        });
        self.parcel_email(
            tx,
            order,
            request,
            MailKind::ParcelRequestReceived,
            promised,
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
        let kind = EventType::ParcelRequestUpdated;
        let payload = || webhooks::parcel_payload(kind, order, shopper_id, request, now);
        self.record_event(tx, kind, order, now, payload, &json!(request))?;
        self.refunds_created(tx, order, shopper_id, refunds, now)?;
        let kind = match request.status {
            ParcelRequestStatus::Intercepted => MailKind::ParcelIntercepted,
            ParcelRequestStatus::Returned => MailKind::ParcelReturned,
            ParcelRequestStatus::NotInterceptable => MailKind::ParcelNotInterceptable,
            ParcelRequestStatus::DeliveredAnyway => MailKind::ParcelDeliveredAnyway,
            // Where requests start: never a move.
            ParcelRequestStatus::Requested | ParcelRequestStatus::Noticed => return Ok(()),
        };
        let refund = refunds
            .iter()
            .find(|r| Some(&r.cancellation_id) == request.cancellation_id.as_ref())
            .map(mail_refund);
        self.parcel_email(tx, order, request, kind, refund)
    }

    /// Queues the email of `kind` about `request` (one per request and kind).
    fn parcel_email(
        &self,
        tx: &Tx<'_>,
        order: &Order,
        request: &ParcelRequestRecord,
        kind: MailKind,
        refund: Option<MailRefund>,
    ) -> Result<()> {
        let Some(mail) = &self.mail else {
            return Ok(());
        };
        let line = [request.line()];
        let event = crate::mail::MailEvent {
            parcel: Some(request.kind),
            ..self.mail_event(mail, tx, order, kind, &line, refund)?
        };
        self.queue(
            tx,
            mail,
            &event,
            &format!("{}.{}", kind.as_str(), request.id),
        )
    }
}
