//! The seed platforms (`../shared/seeds/`) as named presets. Every field says where it comes
//! from: a seed sentence in quotes, or a fact of the real platform with its source named.
//! Rules no seed states are left out: a free-cancellation window or cancelling part of a
//! quantity stay merchant options (`Policy` fields), not a preset's.

use crate::{
    ItemState, OutcomeKind, ParcelRequests, Policy, Reason, RefundDestination, RefundTimes,
    SilenceOutcome, StateOutcomes, ThirdPartyRule,
};

/// The seed platforms, as named presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    /// Seed 000 and the Temu answers in seed 001.
    Temu,
    /// Seed 003.
    TiktokShop,
    /// Seed 004.
    Amazon,
    /// Seed 002.
    IndependentShop,
    /// Seed 001 (a dropshipping tool, Zopi, placing the orders on Temu).
    Dropshipping,
}

impl Preset {
    /// Every preset, in the order the docs list them.
    pub const ALL: [Preset; 5] = [
        Preset::Temu,
        Preset::TiktokShop,
        Preset::Amazon,
        Preset::IndependentShop,
        Preset::Dropshipping,
    ];

    /// The name used by `--preset` and shown as the policy's `name`.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Temu => "temu",
            Preset::TiktokShop => "tiktok_shop",
            Preset::Amazon => "amazon",
            Preset::IndependentShop => "independent_shop",
            Preset::Dropshipping => "dropshipping",
        }
    }

    /// The preset called `name`, if there is one.
    pub fn parse(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The preset's policy.
    pub fn policy(self) -> Policy {
        use OutcomeKind::*;
        // What every preset shares; each passes its own outcomes and reasons.
        let seeded =
            |outcomes: StateOutcomes, reason_required: bool, reasons: Vec<Reason>| Policy {
                name: self.name().to_string(),
                outcomes,
                // No seed has a free-cancellation window: each ties cancelling to the state alone.
                free_cancellation_minutes: None,
                // Unused without a window; kept valid (a request, never cancel_now).
                after_window: RequestCancellation,
                // No seed but Amazon's treats marketplace sellers' items differently.
                third_party_sellers: ThirdPartyRule::LikeFirstParty,
                // No seed mentions sets. It acts only on items the store itself sold as one set
                // (`bundle_id`): a bundle is "sold together as a single offer" (Amazon Seller
                // Central, product bundling policy), so it is cancelled as one.
                bundles_cancel_together: true,
                // Every seed cancels whole items or orders ("Cancel Item", "Cancel checked items",
                // "Cancel Order", "the check box next to each of the items"); none part of a quantity.
                partial_quantity: false,
                // No seed makes an exception for personalised items: their "before it is packed"
                // promise holds for them too. A merchant may set this to false.
                personalised_cancellable: true,
                reason_required,
                reasons,
                // Seed 000: "credited back to your original method of payment"; seed 002: "refunded
                // to your original payment method". Seeds 001, 003 and 004 name no destination: the
                // money goes back the way it came, which is what cancel_now means here.
                refund_destinations: vec![RefundDestination::OriginalPayment],
                // A bound on the free-text comment's length (storage), not a cancellation rule.
                comment_max_chars: 500,
                // No seed gives the seller a deadline; TikTok Shop's own rules do (below).
                seller_response_hours: None,
                on_seller_silence: SilenceOutcome::Approve,
                // No seed names a time ("may take several working days", seed 002): what most
                // stores say, see `RefundTimes::default`.
                refund_times: RefundTimes::default(),
                // Only seeds 002 and 004 have the store hear of a parcel on its way (below).
                // Seed 003 on TikTok Shop tells no one: refusing "when the shipper arrives" is
                // "a last resort option, not recommended to be carried out", after which "you
                // will be listed in the blacklist"; seeds 000 and 001 only return after delivery.
                parcel_requests: ParcelRequests::default(),
            };
        match self {
            Preset::Temu => Policy {
                // Seed 000: "your original method of payment". Store credit is Temu's own: its
                // refund policy offers a refund to the Temu Credit balance or to the original
                // payment method (Temu, "Return and Refund Policy").
                refund_destinations: vec![
                    RefundDestination::OriginalPayment,
                    RefundDestination::StoreCredit,
                ],
                ..seeded(
                    StateOutcomes {
                        // Seed 001: "To cancel a Temu order, you can do this before the item is
                        // packed" (seed 000: "before the order is processed or shipped").
                        unpaid: CancelNow,
                        paid: CancelNow,
                        processing: CancelNow,
                        // Seed 001: "If the order has already been packed or shipped, you won't
                        // be able to cancel it directly — in that case, you can return the item
                        // after delivery under Temu's return policy."
                        packed: ReturnAfterDelivery,
                        shipped: ReturnAfterDelivery,
                        delivered: ReturnAfterDelivery,
                    },
                    // Seed 000: "Temu may ask you to provide a reason for the cancellation."
                    true,
                    // Seed 000: "Whether due to a change of heart, budget constraints, or an
                    // accidental addition".
                    reasons(&["changed_mind", "over_budget", "ordered_by_mistake"], true),
                )
            },
            Preset::Dropshipping => seeded(
                StateOutcomes {
                    // Seed 001: "If the order has not been packed yet, you can: Cancel the order
                    // directly in your Zopi account" — however old the order is.
                    unpaid: CancelNow,
                    paid: CancelNow,
                    processing: CancelNow,
                    // Seed 001: "If the order is already packed or shipped: The order must be
                    // returned after delivery".
                    packed: ReturnAfterDelivery,
                    shipped: ReturnAfterDelivery,
                    delivered: ReturnAfterDelivery,
                },
                // Seed 001 cancels "directly" and asks for no reason; one may be given.
                false,
                // Seed 001: "when customers change their minds or orders are delayed"; "Long
                // processing or shipping times".
                reasons(&["changed_mind", "delivery_too_slow"], false),
            ),
            Preset::IndependentShop => Policy {
                // Seed 002: "If it is a shipped order, the customer service will check whether
                // the package can be intercepted. If it can be intercepted, they will assist you
                // in completing the interception process, and after the package is successfully
                // intercepted and returned to the warehouse, they will handle the refund for you."
                parcel_requests: ParcelRequests {
                    interception_request: vec![ItemState::Shipped],
                    refusal_notice: vec![],
                },
                ..seeded(
                    StateOutcomes {
                        // Seed 002: "(1) Canceling the order through the website function (unshipped)
                        // On the order details page, there is usually a 'Cancel Order' button." —
                        // tied to being unshipped, not to the order's age.
                        unpaid: CancelNow,
                        paid: CancelNow,
                        processing: CancelNow,
                        packed: CancelNow,
                        // Seed 002: "If it is a shipped order, the customer service will check
                        // whether the package can be intercepted."
                        shipped: InterceptViaSupport,
                        // Seed 002: "you may need to return the goods according to the return policy
                        // of the independent website after receiving them."
                        delivered: ReturnAfterDelivery,
                    },
                    // Seed 002: "the system may require you to select the reason for canceling".
                    true,
                    // Seed 002: "such as 'No longer wanted', 'Wrong purchase', 'Found a more suitable
                    // product', etc."
                    reasons(
                        &["no_longer_wanted", "wrong_purchase", "found_better_product"],
                        true,
                    ),
                )
            },
            Preset::TiktokShop => seeded(
                StateOutcomes {
                    // Seed 003: "When orders on TikTok Shop haven't been packaged yet, buyers can
                    // proceed to cancel the order".
                    unpaid: CancelNow,
                    paid: CancelNow,
                    processing: CancelNow,
                    // Seed 003: "When an order has been packaged and is awaiting pickup by the
                    // shipping carrier … you only have one option, which is to contact the seller
                    // to request cancellation assistance."
                    packed: RequestCancellation,
                    // Seed 003: "For TikTok orders in transit, the only way to cancel is to refuse
                    // delivery when the shipper arrives."
                    shipped: RefuseDelivery,
                    // Not in seed 003: TikTok Shop's own "Returns and refunds" policy, under which
                    // a delivered order is returned for a refund from the order page.
                    delivered: ReturnAfterDelivery,
                },
                // Seed 003: "select Cancel, choose the reason for canceling the order, then press
                // confirm".
                true,
                // Seed 003: "Changing your mind about a purchase, updating the shipping address,
                // wanting to add more items".
                reasons(&["changed_mind", "wrong_address", "add_items"], true),
            )
            .with_seller_deadline(),
            Preset::Amazon => Policy {
                // Seed 004: "For items purchases from third-party sellers, you will need to
                // contact the seller directly to request a cancellation. It will be up to the
                // seller to approve or deny the request."
                third_party_sellers: ThirdPartyRule::RequestFromSeller,
                // Seed 004: "If you were unable to cancel because the order or items had already
                // shipped … When the package arrives, you can refuse the shipment. … Amazon
                // contact is necessary if you choose to do this, so that they will know to expect
                // the package back and to issue a refund once it is returned." Offered wherever
                // the outcome below is that refusal (the seed: cancelling ends "once an item has
                // entered the processing and shipping system"), so no later state offers more.
                parcel_requests: ParcelRequests {
                    interception_request: vec![],
                    refusal_notice: vec![
                        ItemState::Processing,
                        ItemState::Packed,
                        ItemState::Shipped,
                    ],
                },
                ..seeded(
                    StateOutcomes {
                        // Seed 004: "cancellation will no longer be an option once an item has
                        // entered the processing and shipping system"; until then "click on
                        // 'Cancel Items' and make your selections".
                        unpaid: CancelNow,
                        paid: CancelNow,
                        // Seed 004: past that point what is left is "When the package arrives,
                        // you can refuse the shipment … Amazon contact is necessary".
                        processing: RefuseDelivery,
                        packed: RefuseDelivery,
                        shipped: RefuseDelivery,
                        // Seed 004: "avoiding the need to return items that you do not want":
                        // once delivered, a return.
                        delivered: ReturnAfterDelivery,
                    },
                    // Not in seed 004: Amazon's "Cancel items" page marks its reason list
                    // optional ("Cancellation reason (optional)").
                    false,
                    // Seed 004: "If you have changed your mind about ordering an item". The rest
                    // are Amazon's own list on that page: "Order created by mistake", "Item(s)
                    // would not arrive on time", "Found cheaper somewhere else", "Need to change
                    // shipping address".
                    reasons(
                        &[
                            "changed_mind",
                            "ordered_by_mistake",
                            "delivery_too_slow",
                            "found_cheaper",
                            "wrong_address",
                        ],
                        false,
                    ),
                )
            },
        }
    }
}

/// The seed's reasons, then "other": the seeds give their reasons as examples ("such as",
/// "whether due to"). Where a reason is required, "other" needs the shopper's own words.
fn reasons(codes: &[&str], reason_required: bool) -> Vec<Reason> {
    let reason = |code: &str, comment_required| Reason {
        code: code.to_string(),
        label_key: format!("reason.{code}"),
        label: None,
        comment_required,
    };
    codes
        .iter()
        .map(|code| reason(code, false))
        .chain([reason("other", reason_required)])
        .collect()
}

impl Policy {
    /// Not in seed 003: TikTok Shop approves a buyer's cancellation request the seller leaves
    /// unanswered; 48 h is TikTok Shop's published seller response time (Seller Center).
    fn with_seller_deadline(self) -> Policy {
        Policy {
            seller_response_hours: Some(48),
            on_seller_silence: SilenceOutcome::Approve,
            ..self
        }
    }
}
