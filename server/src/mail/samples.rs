//! Sample emails of every kind and shape, written with every template at start: what a
//! template must be able to write before the server takes a request.

use super::{Decider, MailEvent, MailKind, MailLine, MailOrder, MailReason, MailRefund};
use cancel_policy::{
    ExpectedTime, Money, ParcelRequest, RefundDestination, SilenceOutcome, Timestamp,
};

/// Sample emails of every kind and shape, to check templates with.
pub fn samples(locale: &str) -> Vec<MailEvent> {
    let at = Timestamp::from_unix(1_796_400_000);
    let line = |title: &str, quantity, ordered| MailLine {
        title: title.into(),
        sku: "SKU-1".into(),
        quantity,
        ordered,
    };
    let refund = |destination, expected| MailRefund {
        amount: Money::new(2415, "EUR"),
        destination,
        expected,
        reference: None,
        failure_reason: None,
    };
    let base = MailEvent {
        kind: MailKind::Cancelled,
        locale: locale.into(),
        order: MailOrder {
            id: "ord_1".into(),
            number: "PO-1".into(),
            placed_at: at,
        },
        lines: vec![line("Mug <b>&</b>", 2, 2), line("Lamp", 1, 3)],
        whole_order: false,
        refund: Some(refund(
            RefundDestination::OriginalPayment,
            ExpectedTime::business_days(5, 7),
        )),
        respond_by: None,
        if_unanswered: None,
        decided_by: None,
        parcel: Some(ParcelRequest::InterceptionRequest),
        // A merchant's own reason here, a preset's below, none in the third shape.
        reason: Some(MailReason {
            label_key: String::new(),
            label: Some("Found it <cheaper>".into()),
        }),
    };
    let mut all = Vec::new();
    for kind in MailKind::ALL {
        let event = MailEvent {
            kind,
            ..base.clone()
        };
        all.push(event.clone());
        // Refund emails (and a returned parcel's) always have their refund; the others may
        // have none.
        let about_a_refund = matches!(
            kind,
            MailKind::RefundIssued | MailKind::RefundFailed | MailKind::ParcelReturned
        );
        all.push(MailEvent {
            whole_order: true,
            refund: event.refund.clone().filter(|_| about_a_refund),
            respond_by: Some(at),
            if_unanswered: Some(SilenceOutcome::Deny),
            decided_by: Some(Decider::Deadline),
            parcel: Some(ParcelRequest::RefusalNotice),
            reason: Some(MailReason {
                label_key: "reason.changed_mind".into(),
                label: None,
            }),
            ..event.clone()
        });
        all.push(MailEvent {
            refund: Some(MailRefund {
                reference: Some("74537604221431003881865".into()),
                failure_reason: Some("The card was closed.".into()),
                ..refund(RefundDestination::StoreCredit, ExpectedTime::IMMEDIATELY)
            }),
            respond_by: Some(at),
            if_unanswered: Some(SilenceOutcome::Approve),
            decided_by: Some(Decider::Seller),
            reason: None,
            ..event
        });
    }
    all
}
