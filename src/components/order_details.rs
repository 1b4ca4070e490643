//! Order details: loads one order and shows its items with the policy's outcome for each,
//! the selection, "Cancel selected" / "Cancel entire order", the dialog, the result and the
//! history. Submitting is `crate::submit`'s job; this component only wires it up.

use super::history::history;
use super::item_row::{item_row, selected_quantity, ItemRowProps};
use super::reason_dialog::{reason_dialog, DialogProps};
use super::shared::{load_error, loading, progress, screen_heading, status_badge};
use super::submission::Submitter;
use crate::api::CancelCall;
use crate::describe;
use crate::dom::{button, div, header, p, ul, El};
use crate::env::{use_env, Env, Screen};
use crate::format;
use crate::load::{load, Load};
use crate::submit::{new_idempotency_key, Submission};
use cancel_policy::{
    actionable_lines, expand_bundles, order_eligibility, set_selected_quantity, toggle_item,
    whole_order_actionable, CancellationRequest, CancelledLine, Eligibility, Order, OrderItem,
    Plan, Tab,
};
use leptos::prelude::*;
use std::rc::Rc;
use web_sys::Node;

crate::chunk::split_point!(
    /// The order details screen with its reason dialog and results, in one chunk: separate
    /// chunks for the dialog and the results cost 18 KB more brotli in all (measured).
    pub(crate) details_view in details,
    fn order_details(order_id: String) -> El {
        crate::i18n::details::register(); // the details' texts and styles travel with this chunk
        crate::styles::add_details(crate::styles::DETAILS_STYLES);
        order_details_screen(order_id)
    }
);

/// The details screen: "← Back", then the order once it is loaded.
fn order_details_screen(order_id: String) -> El {
    let env = use_env();
    let id = StoredValue::new(order_id);
    let order = load(move || {
        env.refresh.track();
        id.with_value(|id| env.backend().order(id))
    });
    // Outlives each reload of the order, so the result of a cancellation stays on screen.
    let submitter = Submitter::new(env);
    let back = button("oc-link oc-back")
        .text("← ")
        .text(&env.t("action.back"))
        .on_click(move |_| env.go(Screen::List { tab: Tab::All }));
    div("oc-details").child(back).slot(
        move || order.get(),
        move |answer| match answer {
            None => vec![loading(env, "order.loading").into()],
            // A re-read after an unknown outcome may fail too: the outcome stays in view.
            Some(Err(e)) => vec![
                submitter.banner().into(),
                load_error(env, &e, Rc::new(move || order.reload())).into(),
            ],
            Some(Ok(o)) => order_view(env, o, order, submitter),
        },
    )
}

/// The dialog that is open, and for what.
#[derive(Clone, Debug, PartialEq)]
struct OpenDialog {
    lines: Vec<CancelledLine>,
    idempotency_key: String,
}

/// One loaded order's state on screen; `Copy`, so every handler can hold it.
#[derive(Clone, Copy)]
struct Details {
    env: Env,
    order: StoredValue<Order>,
    selection: RwSignal<Vec<CancelledLine>>,
    dialog: RwSignal<Option<OpenDialog>>,
    /// Sends, and keeps the last outcome across reloads.
    submitter: Submitter,
    /// What opened the dialog, to give the focus back to.
    opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
    verdicts: Memo<Option<Vec<Eligibility>>>,
}

impl Details {
    fn verdict(self, index: usize) -> Option<Eligibility> {
        self.verdicts
            .with(|v| v.as_ref().and_then(|v| v.get(index).cloned()))
    }
    fn actionable(self) -> Vec<CancelledLine> {
        self.verdicts.with(|v| {
            self.order
                .with_value(|o| actionable_lines(o, v.as_deref().unwrap_or_default()))
        })
    }
    fn whole_order_cancellable(self) -> bool {
        self.verdicts.with(|v| {
            self.order
                .with_value(|o| whole_order_actionable(o, v.as_deref().unwrap_or_default()))
        })
    }
    fn open_dialog(self, lines: Vec<CancelledLine>, ev: web_sys::Event) {
        let lines = self.env.policy.with_untracked(|p| match p {
            Some(p) => self.order.with_value(|o| expand_bundles(o, p, &lines)),
            None => lines,
        });
        self.opener.set_value(
            ev.current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into(t).ok()),
        );
        self.submitter.result.set(None);
        self.dialog.set(Some(OpenDialog {
            lines,
            idempotency_key: new_idempotency_key(),
        }));
    }
    fn close_dialog(self) {
        self.dialog.set(None);
        if let Some(el) = self.opener.get_value() {
            let _ = el.focus();
        }
    }
    fn confirm(self, request: CancellationRequest, promised: Option<Plan>) {
        let Some(open) = self.dialog.get_untracked() else {
            return;
        };
        let order = self.order.get_value();
        // What the dialog promised: the quote, and whether anything was to become a request
        // (if not, the server must not turn anything into one behind the shopper's back).
        let call = CancelCall {
            order_id: order.id.clone(),
            version: order.version,
            request,
            idempotency_key: open.idempotency_key,
            expect_cancel_now: promised.as_ref().is_some_and(|p| p.request.is_empty()),
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
        self.order.with_value(|o| o.items[index].id.clone())
    }
    fn toggle(self, index: usize, quantity: u32) {
        let item_id = self.item_id(index);
        self.env.policy.with_untracked(|p| {
            if let Some(p) = p {
                self.selection.update(|s| {
                    *s = self
                        .order
                        .with_value(|o| toggle_item(o, p, s, &item_id, quantity))
                });
            }
        })
    }
    fn item_row(self, index: usize, item: &OrderItem) -> Node {
        let deadline = self.order.with_value(|o| {
            describe::pending_request_for(o, &item.id)
                .and_then(|c| describe::seller_deadline(self.env.locale, c))
        });
        item_row(ItemRowProps {
            env: self.env,
            item: item.clone(),
            verdict: Rc::new(move || self.verdict(index)),
            selected: Rc::new(move || {
                self.selection
                    .with(|s| selected_quantity(s, &self.item_id(index)))
            }),
            on_toggle: Rc::new(move |max| self.toggle(index, max)),
            on_quantity: Rc::new(move |q| {
                self.selection
                    .update(|s| *s = set_selected_quantity(s, &self.item_id(index), q))
            }),
            on_cancel: Rc::new(move |quantity, ev| {
                self.open_dialog(
                    vec![CancelledLine {
                        item_id: self.item_id(index),
                        quantity,
                    }],
                    ev,
                )
            }),
            deadline,
        })
        .into()
    }
    /// "Cancel selected" and "Cancel entire order", or why there is nothing to cancel.
    fn actions(self) -> Vec<Node> {
        let env = self.env;
        if self.actionable().is_empty() {
            return vec![p("oc-muted").text(&env.t("order.nothing")).into()];
        }
        let selected = button("oc-button oc-button--primary")
            .flag_with("disabled", move || self.selection.with(Vec::is_empty))
            .on_click(move |ev| self.open_dialog(self.selection.get_untracked(), ev))
            .text_with(move || {
                match self
                    .selection
                    .with(|s| s.iter().map(|l| l.quantity).sum::<u32>())
                {
                    0 => env.t("action.cancel_selected_none"),
                    n => env.tf("action.cancel_selected", &[("n", &n.to_string())]),
                }
            });
        let mut nodes = vec![selected.into()];
        if self.whole_order_cancellable() {
            let whole = button("oc-button oc-button--danger").text(&env.t("action.cancel_order"));
            nodes.push(
                whole
                    .on_click(move |ev| self.open_dialog(untrack(|| self.actionable()), ev))
                    .into(),
            );
        }
        nodes
    }
}

/// One loaded order: its head, the last result, the items, the actions, the history and,
/// when open, the dialog. While `load` reads the order again, its items and actions take no
/// input: what they offer may be out of date.
fn order_view(env: Env, order: Order, load: Load<Order>, submitter: Submitter) -> Vec<Node> {
    let stored = StoredValue::new(order.clone());
    let d = Details {
        env,
        order: stored,
        selection: RwSignal::new(Vec::new()),
        dialog: RwSignal::new(None),
        submitter,
        opener: StoredValue::new_local(None),
        verdicts: Memo::new(move |_| {
            env.policy
                .with(|p| p.map(|p| stored.with_value(|o| order_eligibility(o, p, env.now.get()))))
        }),
    };
    let title = screen_heading(env, &env.tf("card.order", &[("number", &order.number)]));
    let placed = env.tf(
        "order.placed",
        &[("date", &format::date_and_time(env.locale, order.placed_at))],
    );
    let status = order.status();
    let head = header("oc-order-head")
        .child(title)
        .child(status_badge(env, status))
        .child(p("oc-muted").text(&placed));
    // After an outcome nobody knows, the shopper sees that the order is being checked.
    let checking = div("oc-checking").slot(
        move || load.asking_again() && submitter.outcome_unknown(),
        move |checking| match checking {
            true => vec![progress(env, "order.checking")
                .attr("role", "status")
                .into()],
            false => Vec::new(),
        },
    );
    let reading = move || load.asking_again();
    let items = order
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| d.item_row(index, item))
        .collect();
    let actions = div("oc-actions").slot(
        move || (d.actionable().is_empty(), d.whole_order_cancellable()),
        move |_| d.actions(),
    );
    let dialog = div("oc-dialog-slot").slot(
        move || d.dialog.get().map(|open| open.lines),
        move |lines| {
            let Some(lines) = lines else {
                return Vec::new();
            };
            let props = DialogProps {
                env,
                order: stored,
                lines,
                submitting: submitter.busy,
                on_keep: Rc::new(move || d.close_dialog()),
                on_confirm: Rc::new(move |request, plan| d.confirm(request, plan)),
            };
            vec![reason_dialog(props).into()]
        },
    );
    vec![
        head.into(),
        submitter.banner().into(),
        checking.into(),
        ul("oc-items")
            .flag_with("inert", reading)
            .children(items)
            .into(),
        actions.flag_with("inert", reading).into(),
    ]
    .into_iter()
    .chain(history(env, &order).map(Node::from))
    .chain([dialog.into()])
    .collect()
}
