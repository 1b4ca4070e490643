//! What the outboxes get when something happens to an order, written in the transaction of
//! the change itself (so a crash after the commit loses nothing, and a rollback sends
//! nothing): the store's webhooks, the shopper's emails and the merchant's history entries.
//! Nothing here can fail the change for a reason of its own: it only inserts rows.

use crate::db::{contacts, history, Result, Tx};
use crate::mail::{
    outbox as mail_outbox, Decider, MailEvent, MailKind, MailLine, MailOrder, MailReason,
    MailRefund,
};
use crate::webhooks::{self, outbox, DecidedBy, EventType};
use cancel_policy::{
    Cancellation, CancellationStatus, CancelledLine, Order, Policy, Reason, Refund, RefundStatus,
    Timestamp,
};
use serde_json::json;

mod parcel;

/// The emails' settings that decide what is queued (sending is [`crate::mail::deliver`]'s).
#[derive(Clone, Debug)]
pub struct Mailing {
    /// Languages the emails are written in; a request's `Accept-Language` picks among them.
    pub locales: Vec<String>,
    /// The store's language, for shoppers whose language is unknown or not among them.
    pub default_locale: String,
    /// The domain of Message-IDs (the sender's).
    pub domain: String,
    /// Kinds the merchant switched off (`--mail-disable`).
    pub disabled: Vec<MailKind>,
}

/// Where events go: webhook endpoints and/or emails (each optional).
#[derive(Clone, Debug, Default)]
pub struct Notifier {
    pub webhooks: Option<Vec<String>>,
    pub mail: Option<Mailing>,
}

/// What a shopper's own request tells about them: their JWT's address and their language.
pub struct Requester<'a> {
    pub email: Option<&'a str>,
    pub accept_language: Option<&'a str>,
}

impl Notifier {
    /// A shopper cancelled and/or asked: `created` as `apply_plan` made them, `refunds`
    /// the ones they opened.
    #[allow(clippy::too_many_arguments)]
    pub fn cancelled(
        &self,
        tx: &Tx<'_>,
        order: &Order,
        shopper_id: &str,
        created: &[Cancellation],
        refunds: &[Refund],
        requester: &Requester<'_>,
        policy: &Policy,
        now: Timestamp,
    ) -> Result<()> {
        self.remember(tx, order, requester)?;
        for cancellation in created {
            let kind = EventType::for_new(cancellation);
            let payload = || webhooks::payload(kind, order, shopper_id, cancellation, None, now);
            self.record_event(
                tx,
                kind,
                order,
                now,
                payload,
                &cancellation_detail(cancellation),
            )?;
            let (mail_kind, refund) = match cancellation.status {
                CancellationStatus::Requested => (
                    MailKind::RequestReceived,
                    (cancellation.refund.amount > 0).then(|| MailRefund {
                        amount: cancellation.refund.clone(),
                        destination: cancellation.refund_destination,
                        expected: policy
                            .refund_times
                            .for_destination(cancellation.refund_destination),
                        reference: None,
                        failure_reason: None,
                    }),
                ),
                _ => (MailKind::Cancelled, refund_of(refunds, cancellation)),
            };
            let extra = Extra {
                refund,
                decided_by: None,
                reason: policy.reason(&cancellation.reason_code),
            };
            self.email(tx, order, mail_kind, cancellation, extra)?;
        }
        self.refunds_created(tx, order, shopper_id, refunds, now)
    }

    /// A seller request was decided, by the merchant or by the deadline.
    #[allow(clippy::too_many_arguments)] // one change's facts, all written together
    pub fn decided(
        &self,
        tx: &Tx<'_>,
        order: &Order,
        shopper_id: &str,
        decided: &Cancellation,
        by: DecidedBy,
        refunds: &[Refund],
        now: Timestamp,
    ) -> Result<()> {
        let kind = EventType::CancellationDecided;
        let mut detail = cancellation_detail(decided);
        detail["decided_by"] = json!(by);
        let payload = || webhooks::payload(kind, order, shopper_id, decided, Some(by), now);
        self.record_event(tx, kind, order, now, payload, &detail)?;
        let mail_kind = match decided.status {
            CancellationStatus::Approved => MailKind::RequestApproved,
            _ => MailKind::RequestDenied,
        };
        let decider = match by {
            DecidedBy::Merchant => Decider::Seller,
            DecidedBy::Deadline => Decider::Deadline,
        };
        let extra = Extra {
            refund: refund_of(refunds, decided),
            decided_by: Some(decider),
            reason: None,
        };
        self.email(tx, order, mail_kind, decided, extra)?;
        self.refunds_created(tx, order, shopper_id, refunds, now)
    }

    /// A refund moved on: the webhook, the history entry and, when it succeeded or failed,
    /// the shopper's email.
    pub fn refund_updated(
        &self,
        tx: &Tx<'_>,
        order: &Order,
        shopper_id: &str,
        refund: &Refund,
        now: Timestamp,
    ) -> Result<()> {
        self.refund_event(tx, EventType::RefundUpdated, order, shopper_id, refund, now)?;
        let mail_kind = match refund.status {
            RefundStatus::Succeeded => MailKind::RefundIssued,
            RefundStatus::Failed => MailKind::RefundFailed,
            RefundStatus::Pending | RefundStatus::Canceled => return Ok(()),
        };
        let Some(mail) = &self.mail else {
            return Ok(());
        };
        let Some(cancellation) = order
            .cancellations
            .iter()
            .find(|c| c.id == refund.cancellation_id)
        else {
            return Ok(());
        };
        let event = MailEvent {
            lines: Vec::new(),
            ..self.mail_event(
                mail,
                tx,
                order,
                mail_kind,
                &cancellation.items,
                Some(mail_refund(refund)),
            )?
        };
        self.queue(
            tx,
            mail,
            &event,
            &format!("{}.{}", mail_kind.as_str(), refund.id),
        )
    }

    fn refunds_created(
        &self,
        tx: &Tx<'_>,
        order: &Order,
        shopper_id: &str,
        refunds: &[Refund],
        now: Timestamp,
    ) -> Result<()> {
        for refund in refunds {
            self.refund_event(tx, EventType::RefundCreated, order, shopper_id, refund, now)?;
        }
        Ok(())
    }

    fn refund_event(
        &self,
        tx: &Tx<'_>,
        kind: EventType,
        order: &Order,
        shopper_id: &str,
        refund: &Refund,
        now: Timestamp,
    ) -> Result<()> {
        let payload = || webhooks::refund_payload(kind, order, shopper_id, refund, now);
        self.record_event(tx, kind, order, now, payload, &json!(refund))
    }

    /// Event `kind` about `order`: the store's webhook (its body made only when webhooks
    /// are on) and the merchant's history entry with `detail`.
    fn record_event(
        &self,
        tx: &Tx<'_>,
        kind: EventType,
        order: &Order,
        now: Timestamp,
        payload: impl FnOnce() -> String,
        detail: &serde_json::Value,
    ) -> Result<()> {
        if let Some(endpoints) = &self.webhooks {
            outbox::enqueue(tx, endpoints, kind.as_str(), &payload())?;
        }
        history::append(tx, &order.id, now.unix() * 1000, kind.as_str(), detail)
    }

    /// Where the shopper's emails about `order` go from now on: their JWT's address (unless
    /// the order has its own) and the language of their request.
    fn remember(&self, tx: &Tx<'_>, order: &Order, requester: &Requester<'_>) -> Result<()> {
        if let Some(mail) = &self.mail {
            let locale = pick_locale(mail, requester.accept_language);
            contacts::remember(tx, &order.id, requester.email, &locale)?;
        }
        Ok(())
    }

    /// Queues the email of `kind` about `cancellation`, unless emails are off or the
    /// merchant switched this kind off.
    fn email(
        &self,
        tx: &Tx<'_>,
        order: &Order,
        kind: MailKind,
        cancellation: &Cancellation,
        extra: Extra<'_>,
    ) -> Result<()> {
        let Some(mail) = &self.mail else {
            return Ok(());
        };
        let event = self.mail_event(mail, tx, order, kind, &cancellation.items, extra.refund)?;
        // The merchant's own label in the email's language; a preset's is the catalogs'.
        let reason = extra.reason.map(|r| MailReason {
            label_key: r.label_key.clone(),
            label: r
                .own_label(&event.locale, Some(&mail.default_locale))
                .map(str::to_string),
        });
        let event = MailEvent {
            respond_by: cancellation.respond_by,
            if_unanswered: cancellation.if_unanswered,
            decided_by: extra.decided_by,
            reason,
            ..event
        };
        self.queue(
            tx,
            mail,
            &event,
            &format!("{}.{}", kind.as_str(), cancellation.id),
        )
    }

    /// The email of `kind` about `items` of `order`, in the order's language; what only
    /// some kinds say (a deadline, who decided, the parcel request) is added by the caller.
    fn mail_event(
        &self,
        mail: &Mailing,
        tx: &Tx<'_>,
        order: &Order,
        kind: MailKind,
        items: &[CancelledLine],
        refund: Option<MailRefund>,
    ) -> Result<MailEvent> {
        let contact = contacts::contact(tx, &order.id)?;
        let locale = pick_locale(mail, contact.locale.as_deref());
        Ok(MailEvent {
            kind,
            locale,
            order: MailOrder {
                id: order.id.clone(),
                number: order.number.clone(),
                placed_at: order.placed_at,
            },
            lines: lines(order, items),
            whole_order: covers_every_unit(order, items),
            refund,
            respond_by: None,
            if_unanswered: None,
            decided_by: None,
            parcel: None,
            reason: None,
        })
    }

    fn queue(&self, tx: &Tx<'_>, mail: &Mailing, event: &MailEvent, event_key: &str) -> Result<()> {
        if mail.disabled.contains(&event.kind) {
            return Ok(());
        }
        let recipient = contacts::contact(tx, &event.order.id)?.email;
        let id = mail_outbox::message_id(
            &event.order.id,
            event_key,
            recipient.as_deref().unwrap_or(""),
            &mail.domain,
        );
        mail_outbox::enqueue(tx, &id, event, recipient.as_deref())?;
        Ok(())
    }
}

/// What only some emails about a cancellation say.
struct Extra<'a> {
    /// The money coming back, if any.
    refund: Option<MailRefund>,
    /// Who decided a request.
    decided_by: Option<Decider>,
    /// The reason the shopper gave, as the policy offers it.
    reason: Option<&'a Reason>,
}

/// The language of a request's `Accept-Language` (or an order's recorded one) among the
/// emails', falling back region → language → the store's default → English.
pub fn pick_locale(mail: &Mailing, accept_language: Option<&str>) -> String {
    crate::mail::locale::pick(&mail.locales, accept_language, &mail.default_locale)
}

fn cancellation_detail(cancellation: &Cancellation) -> serde_json::Value {
    json!({
        "cancellation_id": cancellation.id,
        "status": cancellation.status,
        "items": cancellation.items,
        "refund": cancellation.refund,
        "refund_destination": cancellation.refund_destination,
    })
}

pub(super) fn mail_refund(refund: &Refund) -> MailRefund {
    MailRefund {
        amount: refund.amount.clone(),
        destination: refund.destination,
        expected: refund.expected,
        reference: refund.reference.clone(),
        failure_reason: refund.failure_reason.clone(),
    }
}

fn refund_of(refunds: &[Refund], cancellation: &Cancellation) -> Option<MailRefund> {
    refunds
        .iter()
        .find(|r| r.cancellation_id == cancellation.id)
        .map(mail_refund)
}

fn lines(order: &Order, items: &[CancelledLine]) -> Vec<MailLine> {
    items
        .iter()
        .filter_map(|line| {
            let item = order.item(&line.item_id)?;
            Some(MailLine {
                title: item.title.clone(),
                sku: item.sku.clone(),
                quantity: line.quantity,
                ordered: item.quantity,
            })
        })
        .collect()
}

/// Whether `items` are every unit of the order: the email says "your order is cancelled".
fn covers_every_unit(order: &Order, items: &[CancelledLine]) -> bool {
    order.items.iter().all(|item| {
        items
            .iter()
            .filter(|l| l.item_id == item.id)
            .map(|l| l.quantity)
            .sum::<u32>()
            >= item.quantity
    })
}
