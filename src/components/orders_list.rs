//! My Orders: status tabs, search, cursor paging and one card per order.

use super::order_details::details_view;
use super::shared::{LoadError, Loading, StatusBadge, Thumb};
use crate::env::{use_env, Screen};
use crate::browse::Browse;
use crate::format;
use crate::load::load;
use cancel_policy::{any_actionable, Order, Tab};
use leptos::prelude::*;

#[component]
pub fn OrdersList(
    /// The tab to open on.
    initial_tab: Tab,
) -> impl IntoView {
    let env = use_env();
    let browse = RwSignal::new(Browse::new(initial_tab));
    let draft = RwSignal::new(String::new());

    let page = load(move || {
        env.refresh.track();
        let query = browse.with(|b| b.query(env.config(|c| c.page_size)));
        env.backend().orders(query)
    });

    // With the first screen shown, the details' code comes next, while the shopper reads.
    Effect::new(move || {
        if page.with(|p| matches!(p, Some(Ok(_)))) {
            details_view::CHUNK.prefetch_when_idle();
        }
    });

    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        browse.update(|b| b.search_for(draft.get_untracked()));
    };

    let tabs = Tab::ALL.map(|t| {
        view! {
            <button
                class="oc-tab"
                role="tab"
                aria-selected=move || browse.with(|b| b.tab == t).to_string()
                on:click=move |_| browse.update(|b| b.choose_tab(t))
            >
                {env.t(&format!("tab.{}", t.as_str()))}
            </button>
        }
    });

    let body = move || match page.get() {
        None => view! { <Loading what="list.loading" /> }.into_any(),
        Some(Err(e)) => view! { <LoadError error=e retry=Callback::new(move |_| page.reload()) /> }.into_any(),
        Some(Ok(p)) if p.orders.is_empty() => {
            let q = browse.with_untracked(|b| b.search.clone());
            let text = if q.is_empty() { env.t("list.empty") } else { env.tf("list.empty_search", &[("q", &q)]) };
            view! { <p class="oc-empty">{text}</p> }.into_any()
        }
        Some(Ok(p)) => {
            let next_cursor = p.next_cursor.clone();
            view! {
                <ul class="oc-cards">
                    {p.orders.into_iter().map(|o| view! { <OrderCard order=o /> }).collect_view()}
                </ul>
                <nav class="oc-pager">
                    <Show when=move || browse.with(Browse::has_previous)>
                        <button class="oc-button" on:click=move |_| browse.update(Browse::previous)>{env.t("list.prev")}</button>
                    </Show>
                    {next_cursor.map(|c| view! {
                        <button class="oc-button" on:click=move |_| browse.update(|b| b.next(c.clone()))>{env.t("list.next")}</button>
                    })}
                </nav>
            }
            .into_any()
        }
    };

    let heading = NodeRef::<leptos::html::H2>::new();
    env.focus_when_navigated(heading);

    view! {
        <header class="oc-header">
            <h2 class="oc-title" tabindex="-1" node_ref=heading>{env.t("title")}</h2>
            <form class="oc-search" role="search" on:submit=on_search>
                <label class="oc-visually-hidden" for="oc-search-input">{env.t("search.label")}</label>
                <input
                    id="oc-search-input"
                    type="search"
                    placeholder=env.t("search.placeholder")
                    prop:value=move || draft.get()
                    on:input:target=move |ev| draft.set(ev.target().value())
                />
                <button class="oc-button" type="submit">{env.t("search.submit")}</button>
            </form>
        </header>
        <div class="oc-tabs" role="tablist">{tabs}</div>
        <div class="oc-list" aria-live="polite">{body}</div>
    }
}

/// One order in the list.
#[component]
fn OrderCard(order: Order) -> impl IntoView {
    let env = use_env();
    let id = order.id.clone();
    let open = move |_| env.go(Screen::Order { id: id.clone() });
    let for_policy = order.clone();
    let cancellable = move || {
        env.policy.with(|p| p.is_some_and(|p| any_actionable(&for_policy, p, env.now.get())))
    };
    let status = order.status();
    let total = cancel_policy::Money::new(order.total(), order.currency.clone());
    let units: u32 = order.items.iter().map(|i| i.quantity).sum();
    let thumbs = order.items.iter().take(4).map(|i| view! { <Thumb item=i.clone() /> }).collect_view();
    let titles = order.items.iter().map(|i| i.title.as_str()).collect::<Vec<_>>().join(", ");
    let open_again = open.clone();
    let card_order = order;
    view! {
        <li class="oc-card" on:pointerenter=move |_| details_view::CHUNK.prefetch() on:focusin=move |_| details_view::CHUNK.prefetch()>
            <div class="oc-card__head">
                <button class="oc-card__number oc-link" on:click=open>{env.tf("card.order", &[("number", &card_order.number)])}</button>
                <StatusBadge status />
            </div>
            <div class="oc-card__meta">
                {env.tf("card.placed", &[("date", &format::date(env.locale, card_order.placed_at))])}
                " · "
                {env.locale.tn("card.items", units, &[])}
            </div>
            <div class="oc-card__body">
                <div class="oc-thumbs">{thumbs}</div>
                <p class="oc-card__titles">{titles}</p>
                <div class="oc-card__side">
                    <span class="oc-card__total">{env.t("card.total")}" "<strong>{format::money(env.locale, &total)}</strong></span>
                    <Show when=cancellable>
                        <button class="oc-button oc-button--danger" on:click=open_again.clone()>{env.t("card.cancel")}</button>
                    </Show>
                </div>
            </div>
        </li>
    }
}
