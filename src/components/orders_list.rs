//! My Orders: status tabs, search, cursor paging and one card per order (`order_card`).

use super::order_card::order_card;
use super::order_details::details_view;
use super::pager::pager;
use super::shared::{in_words, load_error, loading, progress, screen_heading};
use crate::api::{ApiFuture, OrdersPage, OrdersQuery};
use crate::browse::Browse;
use crate::dom::{after_mount, button, div, form, header, input, label, p, target_value, ul, El};
use crate::env::Env;
use crate::load::{load, Load};
use crate::watch::{awaits_news, reread_on_return_later};
use cancel_policy::Tab;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Node;

/// A page of orders with the query it answers.
pub(super) type Answered = (OrdersQuery, OrdersPage);

/// The list screen, where the shopper left it (the widget's initial tab at first).
pub fn orders_list(env: Env) -> El {
    let browse = env.browse;
    let draft = RwSignal::new(browse.read_untracked().search.clone());

    let asked = move || asked(env, browse);
    // Each answer keeps the query it answers: while the next one loads, the page on screen
    // still says what it is (its search, its cursor), not what was asked since.
    let page = load(move || {
        env.refresh.track();
        let query = asked();
        let answer = env.backend().orders(query.clone());
        Box::pin(async move { answer.await.map(|page| (query, page)) }) as ApiFuture<Answered>
    });

    // With the first screen shown, the details' code comes next, while the shopper reads; and,
    // once, the watch for news that may come while the list is open (or out of sight): a refund
    // or a seller's answer.
    let owner = Owner::current();
    let waiting = move || {
        page.with_untracked(|p| {
            matches!(p, Some(Ok((_, p))) if p.refunds.iter().any(|r| r.pending > 0) || p.orders.iter().any(awaits_news))
        })
    };
    Effect::new(move |watching: Option<bool>| {
        let shown = page.with(|p| matches!(p, Some(Ok(_))));
        if shown {
            details_view::CHUNK.prefetch_when_idle();
            if watching != Some(true) {
                reread_on_return_later(owner.clone(), page.reloader(), waiting);
            }
        }
        shown || watching == Some(true)
    });
    // Built again in the words of each new catalog; the tab, the search and the page stay.
    in_words(env, div("oc-screen oc-screen--list"), move || {
        list_parts(env, browse, draft, page)
    })
}

/// What the shopper asks for now (tracked).
fn asked(env: Env, browse: RwSignal<Browse>) -> OrdersQuery {
    browse.with(|b| b.query(env.config(|c| c.page_size)))
}

/// The list screen's parts in the words of the current catalog.
fn list_parts(
    env: Env,
    browse: RwSignal<Browse>,
    draft: RwSignal<String>,
    page: Load<Answered>,
) -> Vec<Node> {
    let asked = move || asked(env, browse);
    let title = screen_heading(env, &env.t("title"));
    let search = form("oc-search")
        .attr("role", "search")
        .on_submit(move |ev| {
            ev.prevent_default();
            browse.update(|b| b.search_for(draft.get_untracked()));
        })
        .child(
            label("oc-visually-hidden")
                .attr("for", "oc-search-input")
                .text(&env.t("search.label")),
        )
        .child(
            input("")
                .attr("id", "oc-search-input")
                .attr("type", "search")
                .attr("placeholder", &env.t("search.placeholder"))
                .prop_with("value", move || draft.get().into())
                .on_input(move |ev| draft.set(target_value(&ev))),
        )
        .child(
            button("oc-button")
                .attr("type", "submit")
                .text(&env.t("search.submit")),
        );
    let tabs = Tab::ALL
        .iter()
        .map(|&t| {
            button("oc-tab")
                .attr("role", "tab")
                .attr_with("aria-selected", move || {
                    Some(String::from(match browse.with(|b| b.tab == t) {
                        true => "true",
                        false => "false",
                    }))
                })
                .on_click(move |_| browse.update(|b| b.choose_tab(t)))
                .text(&env.t(match t {
                    Tab::All => "tab.all",
                    Tab::ToShip => "tab.to_ship",
                    Tab::Shipped => "tab.shipped",
                    Tab::Delivered => "tab.delivered",
                    Tab::Cancelled => "tab.cancelled",
                }))
                .into()
        })
        .collect();
    // The next page, tab or search on its way: the old page stays, dimmed, with a wait where
    // the shopper asked for it (by the pager for another page of the same list, over the
    // list's top for a tab, a search or a refresh), and one status line reads it out.
    let busy = move || page.asking_again();
    let turning = move || {
        let a = asked();
        page.with(|p| matches!(p, Some(Ok((q, _))) if q.tab == a.tab && q.search == a.search && q.cursor != a.cursor))
    };
    let wait = move |class: &'static str, by_pager: bool| {
        (
            move || busy() && turning() == by_pager,
            move |shown| match shown {
                true => vec![div(class)
                    .attr("aria-hidden", "true")
                    .child(progress(env, &env.t("list.loading")))
                    .into()],
                false => Vec::new(),
            },
        )
    };
    let (top_shown, top_wait) = wait("oc-wait", false);
    let status = p("oc-visually-hidden")
        .attr("role", "status")
        .text_with(move || match busy() {
            true => env.t("list.loading"),
            false => String::new(),
        });
    let body = div("oc-list")
        .attr("aria-live", "polite")
        .class_with("oc-list--busy", busy)
        .slot(
            move || page.get(),
            move |answer| {
                // Back from an order: its card takes the focus the details had.
                let opened = answer
                    .as_ref()
                    .and_then(|_| browse.try_update_untracked(|b| b.opened.take()).flatten());
                match answer {
                    None => vec![loading(env, &env.t("list.loading")).into()],
                    Some(Err(e)) => vec![load_error(env, &e, move || page.reload()).into()],
                    Some(Ok((query, answered))) if answered.orders.is_empty() => {
                        let q = query.search;
                        let text = if q.is_empty() {
                            env.t("list.empty")
                        } else {
                            env.tf("list.empty_search", &[("q", &q)])
                        };
                        vec![p("oc-empty").text(&text).into()]
                    }
                    Some(Ok((query, answered))) => {
                        let notes = answered.refunds.iter().zip(&answered.parcel_badges);
                        let cards = answered.orders.iter().zip(notes);
                        vec![ul("oc-cards")
                            .each(cards, |(o, (&refunds, &parcel))| {
                                let card = order_card(env, o, query.tab, refunds, parcel);
                                if opened.as_deref() == Some(&o.id) {
                                    take_focus(&card);
                                }
                                card
                            })
                            .into()]
                    }
                }
            },
        );
    let (pager_shown, pager_wait) = wait("oc-wait oc-pager__wait", true);
    vec![
        header("oc-header").child(title).child(search).into(),
        div("oc-tabs").attr("role", "tablist").children(tabs).into(),
        status.into(),
        div("oc-list__wait").slot(top_shown, top_wait).into(),
        body.into(),
        pager(env, browse, asked, page)
            .slot(pager_shown, pager_wait)
            .into(),
    ]
}

/// Focuses the first button of `card` (its number, which opens it) once it is on the page.
fn take_focus(card: &El) {
    let card = card.element();
    after_mount(move || {
        if let Ok(Some(button)) = card.query_selector("button") {
            crate::focus::focus_if_lost(button.unchecked_ref(), true);
        }
    });
}
