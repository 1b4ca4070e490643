//! The list's Previous and Next, outside the page they turn, so the button the shopper
//! pressed stays (and keeps the focus) while the next page replaces the cards.

use super::orders_list::Answered;
use crate::api::OrdersQuery;
use crate::browse::Browse;
use crate::dom::{after_mount, before_cleanup, button, nav, El};
use crate::env::Env;
use crate::focus::{has_focus, is_lost};
use crate::load::Load;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

/// Previous and Next, outside the page they turn, so the button the shopper pressed stays
/// (and keeps the focus) while the next page replaces the cards. Each button is rebuilt only
/// when it appears or goes, never because the cursor behind it changed.
pub(super) fn pager(
    env: Env,
    browse: RwSignal<Browse>,
    asked: impl Fn() -> OrdersQuery + Copy + 'static,
    page: Load<Answered>,
) -> El {
    let shown_next = move || {
        page.with(|p| {
            p.as_ref()
                .and_then(|p| p.as_ref().ok())
                .and_then(|(_, p)| p.next_cursor.clone())
        })
    };
    // Next turns the page on screen only when it is the one asked for: while another loads
    // (after a tab, a search or a first Next) its cursor belongs to a page that is going.
    let next_cursor = move || {
        let asked = untrack(asked);
        page.with_untracked(|p| match p {
            Some(Ok((query, p))) if *query == asked => p.next_cursor.clone(),
            _ => None,
        })
    };
    let nav = nav("oc-pager").attr("aria-label", &env.t("list.pages"));
    // On the first or last page one button goes: if it had the focus, the other takes it,
    // now or, if it only comes with the next page's answer, then. Only then: a first mount or
    // a click that did not focus the button (Safari) leaves the focus where it is.
    let owed = Rc::new(Cell::new(false));
    let gone = {
        let (around, owed) = (nav.element(), owed.clone());
        move || {
            let (around, owed) = (around.clone(), owed.clone());
            after_mount(move || {
                if !is_lost() {
                    // The shopper has moved on: nothing is owed any more.
                    owed.set(false);
                } else if let (true, Ok(Some(other))) =
                    (owed.get(), around.query_selector("button"))
                {
                    owed.set(false);
                    let _ = other.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
            Vec::new()
        }
    };
    let button = move |label: &str, class: &str, turn: Rc<dyn Fn()>| {
        let button = button(class).text(label).on_click(move |_| turn());
        let this: web_sys::HtmlElement = button.element().unchecked_into();
        let (had_focus, gave, owed) = (this.clone(), owed.clone(), owed.clone());
        before_cleanup(move || {
            if has_focus(&had_focus) {
                gave.set(true);
            }
        });
        after_mount(move || {
            if owed.take() && is_lost() {
                let _ = this.focus();
            }
        });
        vec![button.into()]
    };
    let (previous_gone, previous_button) = (gone.clone(), button.clone());
    nav.slot(
        move || browse.with(Browse::has_previous),
        move |shown| match shown {
            true => previous_button(
                &env.t("list.prev"),
                "oc-button",
                Rc::new(move || browse.update(Browse::previous)),
            ),
            false => previous_gone(),
        },
    )
    .slot(
        move || shown_next().is_some(),
        move |shown| match shown {
            true => button(
                &env.t("list.next"),
                "oc-button oc-pager__next",
                Rc::new(move || {
                    if let Some(cursor) = next_cursor() {
                        browse.update(|b| b.next(cursor));
                    }
                }),
            ),
            false => gone(),
        },
    )
}
