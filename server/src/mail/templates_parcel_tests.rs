//! The parcel request emails (issue 26), as a shopper reads them in English and German: what
//! they asked, what happens next, and the money once the parcel is back.

use super::tests::{built_in, event, store, visible};
use crate::mail::{MailEvent, MailKind};
use cancel_policy::ParcelRequest;

fn parcel(kind: MailKind, locale: &str, request: ParcelRequest) -> MailEvent {
    let mut event = MailEvent {
        parcel: Some(request),
        ..event(kind, locale)
    };
    event.lines.truncate(1);
    event
}

#[test]
fn each_step_of_a_parcel_request_says_what_happens_next() {
    let templates = built_in();
    let interception = ParcelRequest::InterceptionRequest;
    let refusal = ParcelRequest::RefusalNotice;
    let expect = [
        (
            MailKind::ParcelRequestReceived,
            "en",
            interception,
            "We are trying to stop your parcel from order PO-10421 – Nordlicht Home",
            "Once the parcel is back, €1,234.15 goes back to your original payment method. This usually takes 5–7 business days.",
        ),
        (
            MailKind::ParcelRequestReceived,
            "de",
            refusal,
            "Notiert: Du verweigerst die Annahme des Pakets aus Bestellung PO-10421 – Nordlicht Home",
            "Verweigere die Annahme, wenn der Versanddienst das Paket bringt.",
        ),
        (
            MailKind::ParcelIntercepted,
            "en",
            interception,
            "Your parcel from order PO-10421 has been stopped – Nordlicht Home",
            "it is on its way back to our warehouse",
        ),
        (
            MailKind::ParcelReturned,
            "de",
            interception,
            "Dein Paket aus Bestellung PO-10421 ist zurück: deine Erstattung ist unterwegs – Nordlicht Home",
            "Deine Erstattung von 1.234,15\u{a0}€ geht zurück an deine ursprüngliche Zahlungsmethode.",
        ),
        (
            MailKind::ParcelNotInterceptable,
            "de",
            interception,
            "Dein Paket aus Bestellung PO-10421 ließ sich nicht aufhalten – Nordlicht Home",
            "Wenn du sie nicht mehr möchtest, kannst du sie gemäß unseren Rückgabebedingungen zurücksenden",
        ),
        (
            MailKind::ParcelDeliveredAnyway,
            "en",
            refusal,
            "Your parcel from order PO-10421 was delivered – Nordlicht Home",
            "If you no longer want them, you can return them under our return policy",
        ),
    ];
    for (kind, locale, request, subject, says) in expect {
        let mail = templates
            .render(&parcel(kind, locale, request), &store())
            .unwrap();
        assert_eq!(mail.subject, subject);
        for part in [mail.text.clone(), visible(&mail.html)] {
            assert!(part.contains(says), "{kind:?} {locale}: {part}");
            assert!(part.contains("Merino <wool> beanie & scarf"), "{part}");
        }
    }
    // German speaks to the shopper with "du", the first sentence after the greeting lower case.
    let mail = templates
        .render(
            &parcel(MailKind::ParcelRequestReceived, "de", interception),
            &store(),
        )
        .unwrap();
    assert!(
        mail.text.contains("Hallo,\n\ndu hast uns gebeten, das Paket mit diesen Artikeln aus deiner Bestellung PO-10421 aufzuhalten:"),
        "{}",
        mail.text
    );
    assert!(!mail.text.contains(" Sie "), "{}", mail.text);
    // Nothing charged, nothing promised: the request's email says only what happens next.
    let unpaid = MailEvent {
        refund: None,
        ..parcel(MailKind::ParcelRequestReceived, "en", refusal)
    };
    let mail = templates.render(&unpaid, &store()).unwrap();
    assert!(
        mail.text.contains(
            "You told us you will refuse the delivery of these items from your order PO-10421:"
        ),
        "{}",
        mail.text
    );
    assert!(
        !mail.text.contains("Once the parcel is back"),
        "{}",
        mail.text
    );
}
