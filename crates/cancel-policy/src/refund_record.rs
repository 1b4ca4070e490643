//! A refund's life after the cancellation that owes it: created `pending` with the money
//! the cancellation returns, then moved forward by the store's payment side to `succeeded`
//! (with the bank's reference, once known), `failed` (with the reason) or `canceled`.
//! Quotes (what a selection refunds) are in `refund.rs`; this is what happens to the money.

use crate::{Cancellation, CancellationStatus, Money, Order, RefundDestination, Timestamp};
use serde::{Deserialize, Serialize};

/// How long a refund takes to reach the shopper, as the shopper is told it: from `min_days`
/// to `max_days` days (business days when `business_days`); 0 to 0 is "immediately".
/// Numbers, not text, so the widget and the emails word it in the shopper's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ExpectedTime {
    /// Fewest days it takes; 0 when it can be there at once.
    pub min_days: u32,
    /// Most days it takes; at least `min_days`.
    pub max_days: u32,
    /// Counted in business days (banks' "5–7 business days"), not calendar days.
    #[serde(default)]
    pub business_days: bool,
}

impl ExpectedTime {
    /// At once (store credit, usually).
    pub const IMMEDIATELY: ExpectedTime = ExpectedTime {
        min_days: 0,
        max_days: 0,
        business_days: false,
    };

    /// The longest time a policy may promise: 90 days (card networks' refund windows are
    /// shorter; a longer promise is a typo).
    pub const MAX_DAYS: u32 = 90;

    /// `min_days`–`max_days` business days.
    pub const fn business_days(min_days: u32, max_days: u32) -> ExpectedTime {
        ExpectedTime {
            min_days,
            max_days,
            business_days: true,
        }
    }

    /// Whether the money is there at once (shown as "immediately").
    pub fn is_immediate(&self) -> bool {
        self.max_days == 0
    }
}

/// The expected time per refund destination, a merchant's policy field (`refund_times`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RefundTimes {
    /// Back to the card or account paid with.
    pub original_payment: ExpectedTime,
    /// To the shopper's balance with the store.
    pub store_credit: ExpectedTime,
}

/// What most stores tell their shoppers, and what a policy without `refund_times` promises:
/// "5–7 business days" back to the original payment (the range card issuers quote for
/// posting a refund), store credit "immediately" (the store books it itself). No seed names
/// a time ("may take several working days", seed 002), so no preset has its own.
impl Default for RefundTimes {
    fn default() -> Self {
        RefundTimes {
            original_payment: ExpectedTime::business_days(5, 7),
            store_credit: ExpectedTime::IMMEDIATELY,
        }
    }
}

impl RefundTimes {
    /// The time promised for `destination`.
    pub fn for_destination(&self, destination: RefundDestination) -> ExpectedTime {
        match destination {
            RefundDestination::OriginalPayment => self.original_payment,
            RefundDestination::StoreCredit => self.store_credit,
        }
    }

    /// The first destination whose time is not a valid range, with it.
    pub(crate) fn invalid(&self) -> Option<(RefundDestination, ExpectedTime)> {
        [
            RefundDestination::OriginalPayment,
            RefundDestination::StoreCredit,
        ]
        .into_iter()
        .map(|d| (d, self.for_destination(d)))
        .find(|(_, t)| t.min_days > t.max_days || t.max_days > ExpectedTime::MAX_DAYS)
    }
}

/// Where a refund stands. `pending` moves once, to one of the other three, which are final.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    /// Owed and on its way (or not yet sent by the payment side).
    Pending,
    /// The money was sent back.
    Succeeded,
    /// The payment side could not send it back; `failure_reason` says why.
    Failed,
    /// The store called it off (e.g. refunded by other means).
    Canceled,
}

impl RefundStatus {
    /// Every status, in the order of the refund's life.
    pub const ALL: [RefundStatus; 4] = [
        RefundStatus::Pending,
        RefundStatus::Succeeded,
        RefundStatus::Failed,
        RefundStatus::Canceled,
    ];

    /// The snake_case name used in JSON, e.g. `"succeeded"`.
    pub fn as_str(self) -> &'static str {
        match self {
            RefundStatus::Pending => "pending",
            RefundStatus::Succeeded => "succeeded",
            RefundStatus::Failed => "failed",
            RefundStatus::Canceled => "canceled",
        }
    }
}

/// The money one cancellation returns, on its way to the shopper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    /// Unique id; the store's payment side names it to move the refund.
    pub id: String,
    /// The [`Cancellation::id`] (completed, or an approved request) that owes it.
    pub cancellation_id: String,
    /// Where it stands.
    pub status: RefundStatus,
    /// How much, in the order's currency.
    pub amount: Money,
    /// Where it goes.
    pub destination: RefundDestination,
    /// When it was owed: the cancellation, or the approval of the request.
    pub created_at: Timestamp,
    /// When its status (or reference) last changed; for a settled refund, when it settled.
    pub updated_at: Timestamp,
    /// How long it takes for its destination, as the policy said when it was created.
    pub expected: ExpectedTime,
    /// The bank's reference for a card refund (ARN), once the payment side knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Why it failed (`failed` only), in the store's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
}

/// A move the store's payment side asks for (`PATCH /v1/merchant/refunds/{id}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefundUpdate {
    /// The status to move to.
    pub status: RefundStatus,
    /// With `succeeded`: the bank's reference, now or in a later update.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// With `failed` (required there): why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
}

/// Longest `reference` accepted, in characters (an ARN has 23 digits).
pub const MAX_REFERENCE_CHARS: usize = 100;
/// Longest `failure_reason` accepted, in characters.
pub const MAX_FAILURE_REASON_CHARS: usize = 500;

/// Why an update is not applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefundUpdateError {
    /// The update is malformed whatever the refund's status (400): the text says how.
    Invalid(String),
    /// The update contradicts where the refund already is (409): a move backwards or
    /// between final states, or a different reference or reason than the one recorded.
    Conflict(String),
}

impl std::fmt::Display for RefundUpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefundUpdateError::Invalid(why) | RefundUpdateError::Conflict(why) => f.write_str(why),
        }
    }
}

impl RefundUpdate {
    /// The update with its texts trimmed (empty ones dropped), or why it is malformed.
    pub fn validated(&self) -> Result<RefundUpdate, RefundUpdateError> {
        let invalid = |why: String| Err(RefundUpdateError::Invalid(why));
        let trimmed = |text: &Option<String>| {
            text.as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string)
        };
        let (reference, failure_reason) = (trimmed(&self.reference), trimmed(&self.failure_reason));
        if reference.is_some() && self.status != RefundStatus::Succeeded {
            return invalid("reference goes only with status succeeded".into());
        }
        if failure_reason.is_some() && self.status != RefundStatus::Failed {
            return invalid("failure_reason goes only with status failed".into());
        }
        if self.status == RefundStatus::Failed && failure_reason.is_none() {
            return invalid("status failed needs a failure_reason (what went wrong)".into());
        }
        if reference
            .as_deref()
            .is_some_and(|r| r.chars().count() > MAX_REFERENCE_CHARS)
        {
            return invalid(format!(
                "reference is longer than {MAX_REFERENCE_CHARS} characters"
            ));
        }
        if failure_reason
            .as_deref()
            .is_some_and(|r| r.chars().count() > MAX_FAILURE_REASON_CHARS)
        {
            return invalid(format!(
                "failure_reason is longer than {MAX_FAILURE_REASON_CHARS} characters"
            ));
        }
        Ok(RefundUpdate {
            status: self.status,
            reference,
            failure_reason,
        })
    }
}

impl Refund {
    /// Applies `update` at `now`: `Ok(true)` when the refund changed, `Ok(false)` when it
    /// already says what the update says (a replay: nothing to write, nothing to announce).
    ///
    /// Allowed: `pending` → `succeeded` | `failed` | `canceled`, and a reference added to a
    /// `succeeded` refund that has none. Everything else that differs is a conflict, and
    /// the refund is left as it was.
    pub fn apply(
        &mut self,
        update: &RefundUpdate,
        now: Timestamp,
    ) -> Result<bool, RefundUpdateError> {
        let update = update.validated()?;
        if self.status == update.status {
            return self.restate(update, now);
        }
        if self.status != RefundStatus::Pending {
            return Err(RefundUpdateError::Conflict(format!(
                "refund {} is already {}; it cannot become {}",
                self.id,
                self.status.as_str(),
                update.status.as_str()
            )));
        }
        self.status = update.status;
        self.reference = update.reference;
        self.failure_reason = update.failure_reason;
        self.updated_at = now;
        Ok(true)
    }

    /// An update to the status the refund already has: a replay, or a reference added.
    fn restate(&mut self, update: RefundUpdate, now: Timestamp) -> Result<bool, RefundUpdateError> {
        let conflict = |why: String| Err(RefundUpdateError::Conflict(why));
        match (self.status, &self.reference, update.reference) {
            (RefundStatus::Failed, ..) if update.failure_reason != self.failure_reason => {
                conflict(format!(
                    "refund {} already failed for another reason: {:?}",
                    self.id,
                    self.failure_reason.as_deref().unwrap_or_default()
                ))
            }
            (RefundStatus::Succeeded, None, Some(new)) => {
                self.reference = Some(new);
                self.updated_at = now;
                Ok(true)
            }
            (RefundStatus::Succeeded, Some(had), Some(new)) if *had != new => conflict(format!(
                "refund {} already has the reference {had:?}",
                self.id
            )),
            // The same again, or a succeeded one without a reference this time: nothing new.
            _ => Ok(false),
        }
    }
}

/// Records the refund `cancellation` owes, pending, on `order` (in the transaction that
/// cancels): one for a completed cancellation or an approved request that returns money,
/// none for a request, a denial, or nothing to give back (unpaid items are voided).
/// Returns the new refund.
pub fn open_refund<'o>(
    order: &'o mut Order,
    cancellation: &Cancellation,
    times: &RefundTimes,
    now: Timestamp,
    id: String,
) -> Option<&'o Refund> {
    let owes = matches!(
        cancellation.status,
        CancellationStatus::Completed | CancellationStatus::Approved
    ) && cancellation.refund.amount > 0;
    if !owes
        || order
            .refunds
            .iter()
            .any(|r| r.cancellation_id == cancellation.id)
    {
        return None;
    }
    order.refunds.push(Refund {
        id,
        cancellation_id: cancellation.id.clone(),
        status: RefundStatus::Pending,
        amount: cancellation.refund.clone(),
        destination: cancellation.refund_destination,
        created_at: now,
        updated_at: now,
        expected: times.for_destination(cancellation.refund_destination),
        reference: None,
        failure_reason: None,
    });
    order.refunds.last()
}

/// Where the refunds owed by `cancellations` (of `order`) stand, taken together, as the
/// shopper must hear it: [`RefundStatus::Failed`] when one failed (they have to act), else
/// `Canceled` when one was called off, else `Pending` while one is on its way, else
/// `Succeeded`; `None` when none of them owes a recorded refund.
pub fn refunds_standing(order: &Order, cancellations: &[Cancellation]) -> Option<RefundStatus> {
    let urgency = |status: &RefundStatus| match status {
        RefundStatus::Succeeded => 0,
        RefundStatus::Pending => 1,
        RefundStatus::Canceled => 2,
        RefundStatus::Failed => 3,
    };
    order
        .refunds
        .iter()
        .filter(|r| cancellations.iter().any(|c| c.id == r.cancellation_id))
        .map(|r| r.status)
        .max_by_key(urgency)
}
