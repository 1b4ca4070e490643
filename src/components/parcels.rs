//! Parcel requests as the shopper follows them: the result right after sending one, and
//! each request's line in the order's history, with the refund once the parcel is back and
//! the way to return it when it could not be stopped.

use super::history::entry;
use super::item_row::guidance_link;
use super::refunds::refund_for;
use crate::describe::{self, GuidanceLink};
use crate::dom::{br, p, El};
use crate::env::Env;
use crate::format;
use cancel_policy::{
    parcel_stage, Money, Order, ParcelRequest, ParcelRequestRecord, ParcelStage, RefundDestination,
};
use web_sys::Node;

/// Right after sending `sent`: where it stands, as the history says it ("You asked us to stop
/// the parcel on Dec 5, 2026."), and while it is asked, what comes next and what comes back
/// once the parcel is back; or, if the store moved it on since (`order` as read last), where
/// it stands now.
pub fn parcel_sent(env: Env, sent: &str, order: &Order) -> Vec<Node> {
    // The request as `order` has it now, not as it was sent.
    let Some(r) = order.parcel_requests.iter().find(|r| r.id == sent) else {
        return Vec::new();
    };
    let mut nodes = vec![p("")
        .text(&describe::parcel_stage(env.locale, order, r))
        .into()];
    if parcel_stage(order, r) == ParcelStage::Asked {
        nodes.extend(parcel_outlook(env, r.kind, &r.refund, r.refund_destination));
    }
    nodes
}

/// What follows a `kind` request, said in the dialog and in its result: `refund` comes back
/// to `destination` once the parcel is back at the warehouse (nothing to say when it is
/// zero); a parcel that cannot be stopped is returned after delivery.
pub(super) fn parcel_outlook(
    env: Env,
    kind: ParcelRequest,
    refund: &Money,
    destination: RefundDestination,
) -> Vec<Node> {
    let mut nodes = Vec::new();
    if refund.amount > 0 {
        let text = refund_sentence(env, true, refund, destination);
        nodes.push(p("oc-quote__next").text(&text).into());
    }
    if kind == ParcelRequest::InterceptionRequest {
        nodes.push(p("").text(&env.t("result.parcel_not_stopped")).into());
    }
    nodes
}

/// The refund of `amount` to `destination`, in words: once the parcel is back (`parcel`), or
/// of a cancellation done.
pub(super) fn refund_sentence(
    env: Env,
    parcel: bool,
    amount: &Money,
    destination: RefundDestination,
) -> String {
    let destination = env.t(match destination {
        RefundDestination::OriginalPayment => "result.dest.original_payment",
        RefundDestination::StoreCredit => "result.dest.store_credit",
    });
    let amount = format::money(env.locale, amount);
    env.tf(
        match parcel {
            true => "result.parcel_refund",
            false => "result.completed",
        },
        &[("amount", &amount), ("destination", &destination)],
    )
}

/// The history's entry for `r`: where it stands, what it is about, and the refund's line
/// or the way to return the item.
pub fn parcel_entry(
    env: Env,
    order: &Order,
    r: &ParcelRequestRecord,
    reason: Option<String>,
) -> El {
    let stage = parcel_stage(order, r);
    // "Asked" names its day; each later stage is dated when the store moved it.
    let when = (stage != ParcelStage::Asked).then_some(r.updated_at);
    let said = describe::parcel_stage(env.locale, order, r);
    let entry = entry(env, &said, when, &describe::line(order, &r.line()), reason);
    match stage {
        ParcelStage::ReturnAfterDelivery => entry
            .child(br(""))
            .maybe(guidance_link(env, GuidanceLink::Returns)),
        // Returned: its cancellation's refund (none when nothing was charged).
        _ => entry.maybe(
            r.cancellation_id
                .as_deref()
                .and_then(|id| refund_for(env, order, id)),
        ),
    }
}
