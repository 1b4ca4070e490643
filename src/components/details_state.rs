//! One loaded order's state on the details screen, and what the shopper does with it: select
//! items, open the reason dialog, confirm (the submitter sends it).

use super::dialog_form::Form;
use super::item_row::selected_quantity;
use super::submission::Submitter;
use crate::api::CancelCall;
use crate::describe;
use crate::dom::{button, p};
use crate::env::Env;
use crate::submit::{new_idempotency_key, Submission};
use cancel_policy::{
    actionable_lines, expand_bundles, order_eligibility, set_selected_quantity, toggle_item,
    whole_order_action, CancellationRequest, CancelledLine, Eligibility, Order, ParcelRequest,
    Plan, WholeOrderAction,
};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::Node;

/// The dialog that is open, and for what.
#[derive(Clone, Debug)]
pub(super) struct OpenDialog {
    pub lines: Vec<CancelledLine>,
    /// A parcel request about the one line, rather than a cancellation.
    pub parcel: Option<ParcelRequest>,
    idempotency_key: String,
    /// What opened it, to give the focus back to (here rather than in a stored value of its
    /// own, whose generic code would be a copy for this type alone).
    opener: SendWrapper<Option<web_sys::HtmlElement>>,
}

/// One loaded order's state on screen: a `Copy` handle, so the item rows, the dialog and
/// every handler take it as it is (no clones, no boxed callbacks).
#[derive(Clone, Copy)]
pub(super) struct Details {
    pub env: Env,
    /// The order as the shopper sees it.
    pub order: StoredValue<Order>,
    selection: RwSignal<Vec<CancelledLine>>,
    /// The dialog that is open, and for what.
    pub dialog: RwSignal<Option<OpenDialog>>,
    /// Sends, and keeps the last outcome across reloads.
    pub submitter: Submitter,
    /// The dialog's answers so far: they outlive the dialog's rebuild in a new language.
    pub answers: Form,
    verdicts: Memo<Option<Vec<Eligibility>>>,
}

impl Details {
    /// The state of `order`, just loaded; `submitter` outlives it.
    pub(super) fn new(env: Env, order: StoredValue<Order>, submitter: Submitter) -> Self {
        Details {
            env,
            order,
            selection: RwSignal::new(Vec::new()),
            dialog: RwSignal::new(None),
            submitter,
            answers: Form {
                env,
                order,
                lines: RwSignal::new(Vec::new()),
                reason: RwSignal::new(String::new()),
                comment: RwSignal::new(String::new()),
                destination: RwSignal::new(0),
                tried: RwSignal::new(false),
                parcel: None,
            },
            verdicts: Memo::new(move |_| {
                env.policy
                    .with(|p| p.map(|p| order_eligibility(&order.read_value(), p, env.now.get())))
            }),
        }
    }
    /// The policy's answer for item `index`, once the policy is loaded (tracked).
    pub(super) fn verdict(self, index: usize) -> Option<Eligibility> {
        self.verdicts
            .read()
            .as_ref()
            .and_then(|v| v.get(index).cloned())
    }
    pub(super) fn actionable(self) -> Vec<CancelledLine> {
        let verdicts = self.verdicts.read();
        actionable_lines(
            &self.order.read_value(),
            verdicts.as_deref().unwrap_or_default(),
        )
    }
    /// The order-wide action that fits what is left of the order, if one does.
    pub(super) fn whole_order(self) -> Option<WholeOrderAction> {
        let verdicts = self.verdicts.read();
        whole_order_action(
            &self.order.read_value(),
            verdicts.as_deref().unwrap_or_default(),
        )
    }
    fn open_dialog(self, lines: Vec<CancelledLine>, ev: web_sys::Event) {
        let lines = self.env.policy.with_untracked(|p| match p {
            Some(p) => expand_bundles(&self.order.read_value(), p, &lines),
            None => lines,
        });
        self.open(lines, None, ev)
    }
    /// Opens the dialog for `lines`, in parcel mode for `parcel`.
    fn open(self, lines: Vec<CancelledLine>, parcel: Option<ParcelRequest>, ev: web_sys::Event) {
        let opener = ev
            .current_target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into(t).ok());
        self.submitter.result.set(None);
        let answers = self.answers;
        answers.reason.set(String::new());
        answers.comment.set(String::new());
        answers.destination.set(0);
        answers.tried.set(false);
        self.dialog.set(Some(OpenDialog {
            lines,
            parcel,
            idempotency_key: new_idempotency_key(),
            opener: SendWrapper::new(opener),
        }));
    }
    pub(super) fn close_dialog(self) {
        let open = self.dialog.get_untracked();
        self.dialog.set(None);
        if let Some(el) = open.and_then(|open| open.opener.take()) {
            let _ = el.focus();
        }
    }
    /// Sends what the dialog checked: `request` (in parcel mode, the parcel request about its
    /// one line), with the quote `promised` (for a parcel request: what comes back once the
    /// parcel is back).
    pub(super) fn confirm(self, request: CancellationRequest, promised: Option<Plan>) {
        let Some(open) = self.dialog.get_untracked() else {
            return;
        };
        let order = self.order.get_value();
        // What the dialog promised: the quote, and whether anything was to become a request
        // (if not, the server must not turn anything into one behind the shopper's back; a
        // parcel request never turns into anything else).
        let call = CancelCall {
            order_id: order.id.clone(),
            version: order.version,
            request,
            idempotency_key: open.idempotency_key,
            expect_cancel_now: open.parcel.is_none()
                && promised.as_ref().is_some_and(|p| p.request.is_empty()),
            locale: self.env.locale.tag(),
            parcel: open.parcel,
        };
        let quote = promised.map(|p| p.refund_now);
        let (dialog, selection) = (self.dialog, self.selection);
        let submission = Submission::new(order, call, quote);
        self.submitter.send(submission, move || {
            // The order may have been read again meanwhile, and this screen rebuilt.
            dialog.try_set(None);
            selection.try_set(Vec::new());
        });
    }
    fn item_id(self, index: usize) -> String {
        self.order.read_value().items[index].id.clone()
    }
    pub(super) fn toggle(self, index: usize, quantity: u32) {
        let item_id = self.item_id(index);
        self.env.policy.with_untracked(|p| {
            if let Some(p) = p {
                self.selection.update(|s| {
                    *s = toggle_item(&self.order.read_value(), p, s, &item_id, quantity)
                });
            }
        })
    }
    /// How many units of item `index` are selected, if it is (tracked).
    pub(super) fn selected(self, index: usize) -> Option<u32> {
        let item_id = self.item_id(index);
        selected_quantity(&self.selection.read(), &item_id)
    }
    /// Sets the selected units of item `index`.
    pub(super) fn set_quantity(self, index: usize, quantity: u32) {
        let item_id = self.item_id(index);
        self.selection
            .update(|s| *s = set_selected_quantity(s, &item_id, quantity))
    }
    /// Opens the dialog for item `index` alone, with `quantity` units.
    pub(super) fn cancel_item(self, index: usize, quantity: u32, ev: web_sys::Event) {
        let item_id = self.item_id(index);
        self.open_dialog(vec![CancelledLine { item_id, quantity }], ev)
    }
    /// Opens the dialog in parcel mode: `kind` for `quantity` units of item `index` (all its
    /// open units).
    pub(super) fn ask_parcel(
        self,
        index: usize,
        kind: ParcelRequest,
        quantity: u32,
        ev: web_sys::Event,
    ) {
        let item_id = self.item_id(index);
        self.open(vec![CancelledLine { item_id, quantity }], Some(kind), ev)
    }
    /// For a request on item `index` waiting for the seller: the seller's deadline, in words.
    pub(super) fn seller_deadline(self, index: usize) -> Option<String> {
        let order = self.order.read_value();
        describe::pending_request_for(&order, &order.items[index].id)
            .and_then(|c| describe::seller_deadline(self.env.locale, c))
    }
    /// "Cancel selected (n)", the main action only once something is selected, and a
    /// secondary button for the entire order or, once part of it is cancelled or requested,
    /// "the remaining items" (a request where only the seller can cancel); or, when nothing
    /// can be cancelled, why. Red is kept for the dialog's confirming step.
    pub(super) fn actions(self) -> Vec<Node> {
        let env = self.env;
        if self.actionable().is_empty() {
            return vec![p("oc-muted").text(&env.t("order.nothing")).into()];
        }
        let chosen = move || {
            let selection = self.selection.read();
            selection.iter().map(|l| l.quantity).sum::<u32>()
        };
        let selected = button("oc-button")
            .class_with("oc-button--primary", move || chosen() > 0)
            .flag_with("disabled", move || chosen() == 0)
            .on_click(move |ev| self.open_dialog(self.selection.get_untracked(), ev))
            .text_with(move || match chosen() {
                0 => env.t("action.cancel_selected_none"),
                n => env.tf("action.cancel_selected", &[("n", &n.to_string())]),
            });
        let mut nodes = vec![selected.into()];
        // Where only the seller can cancel, each item's own "Request cancellation" asks: a
        // second button of that name would only repeat it.
        if let Some(whole) = self.whole_order().filter(|w| !w.request_only) {
            let label = env.t(match whole.remaining {
                false => "action.cancel_order",
                true => "action.cancel_remaining",
            });
            let whole = button("oc-button")
                .text(&label)
                .on_click(move |ev| self.open_dialog(untrack(|| self.actionable()), ev));
            nodes.push(whole.into());
        }
        nodes
    }
}
