//! The host's wording and a language changed while mounted (issue 25): `messages` overrides
//! single texts of the active language (checked against the catalog's own, a wrong one told on
//! the console and the default shown), and a new `locale` re-renders the widget in place,
//! keeping the open order, what is ticked and the dialog's answers. The catalogs are the real
//! files, served by the fake backend.
#![cfg(target_arch = "wasm32")]

mod support;

use cancel_policy::{ItemState, Policy, Preset};
use leptos::prelude::*;
use order_cancel_widget::api::Backend;
use order_cancel_widget::components::Widget;
use order_cancel_widget::config::{TokenSource, WidgetConfig, Wish, Wording};
use std::rc::Rc;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A shop with one order of three lines: socks (3 units, part of them cancellable), a cup and
/// a marketplace item.
fn shop() -> FakeBackend {
    FakeBackend::new(
        Policy {
            partial_quantity: true,
            ..Preset::Amazon.policy()
        },
        vec![order(
            "o1",
            "PO-2001",
            5,
            vec![
                item("q", "Wool socks", ItemState::Paid, 500).with_quantity(3),
                item("c", "Espresso cup", ItemState::Paid, 900),
            ],
        )],
    )
}

/// Mounts the widget with `wording` (which the test may change) into a fresh element.
fn mount(backend: FakeBackend, wording: Wish) -> (web_sys::HtmlElement, impl Drop) {
    let root = container();
    let backend: Rc<dyn Backend> = Rc::new(backend);
    let config = WidgetConfig::new("/api", TokenSource::Fixed("t".into()));
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <Widget backend=backend config=config wording=wording /> }
    });
    (root, handle)
}

fn wording(locale: &str, messages: &str) -> Wish {
    Wish::new(Wording {
        locale: Some(locale.into()),
        messages: js_sys::JSON::parse(messages).unwrap(),
    })
}

fn strings(list: &js_sys::Array) -> Vec<String> {
    list.iter().filter_map(|v| v.as_string()).collect()
}

/// The widget's root (`.oc-widget`) under `root`.
fn widget(root: &web_sys::HtmlElement) -> web_sys::HtmlElement {
    query(root, ".oc-widget").unwrap()
}

fn value(element: &web_sys::HtmlElement) -> String {
    js_sys::Reflect::get(element, &"value".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

fn checked(element: &web_sys::HtmlElement) -> bool {
    js_sys::Reflect::get(element, &"checked".into())
        .unwrap()
        .is_truthy()
}

/// Opens PO-2001's details (in English) and waits for the policy's answers.
async fn open_order(root: &web_sys::HtmlElement) {
    wait_for("the order list", || text(root).contains("PO-2001")).await;
    button(root, "PO-2001").click();
    wait_for("the order's items with the policy's answers", || {
        query_all(root, ".oc-item").len() == 2 && text(root).contains("You can cancel")
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_shopper_reads_the_hosts_own_texts_in_the_active_language() {
    let messages = r#"{
        "EN": {
            "title": "Your purchases",
            "action.cancel_selected": "Cancel the ticked ones ({n})",
            "action.back": "All my purchases",
            "dialog.title": { "one": "Cancel this {n} thing?", "other": "Cancel these {n} things?" }
        },
        "de": { "title": "Deine Einkäufe" }
    }"#;
    let warnings = record_warnings();
    let backend = shop();
    let (root, _h) = mount(backend.clone(), wording("en", messages));
    wait_for("the overridden title", || {
        text(&root).contains("Your purchases") && text(&root).contains("PO-2001")
    })
    .await;
    assert!(!text(&root).contains("My orders"), "{}", text(&root));
    assert_eq!(
        widget(&root).get_attribute("aria-label").as_deref(),
        Some("Your purchases"),
        "the root's name too"
    );
    assert!(
        !text(&root).contains("Deine"),
        "another language's texts are not used"
    );
    // A text of the details (the chunk's part of the catalog in the embeddable build).
    open_order(&root).await;
    assert!(text(&root).contains("All my purchases"), "{}", text(&root));
    query_all(&root, ".oc-item__check")[1].click();
    wait_for("the overridden button", || {
        text(&root).contains("Cancel the ticked ones (1)")
    })
    .await;
    // A plural text, in the form English uses for 1.
    button(&root, "Cancel the ticked ones").click();
    wait_for("the dialog", || query(&root, "[role=dialog]").is_some()).await;
    let dialog = query(&root, "[role=dialog]").unwrap();
    assert!(
        text(&dialog).contains("Cancel this 1 thing?"),
        "{}",
        text(&dialog)
    );
    stop_recording(&warnings);
    assert_eq!(
        strings(&warnings),
        Vec::<String>::new(),
        "nothing to warn of"
    );
}

#[wasm_bindgen_test]
async fn each_wrong_override_is_warned_with_its_key_and_the_default_text_shown() {
    let messages = r#"{ "en": {
        "title": "Orders of {shopper}",
        "card.order": "Purchase",
        "action.cancel_typo": "Cancel it",
        "dialog.title": { "one": "Cancel {n} thing?" },
        "action.back": { "one": "Back", "other": "Back" },
        "search.submit": 42,
        "tab.all": "Everything"
    } }"#;
    let warnings = record_warnings();
    let (root, _h) = mount(shop(), wording("en", messages));
    wait_for("the list", || text(&root).contains("PO-2001")).await;
    open_order(&root).await;
    query_all(&root, ".oc-item__check")[1].click();
    wait_for("one selected", || {
        text(&root).contains("Cancel selected (1)")
    })
    .await;
    button(&root, "Cancel selected").click();
    wait_for("the dialog", || query(&root, "[role=dialog]").is_some()).await;
    let shown = text(&root);
    stop_recording(&warnings);
    let warned = strings(&warnings);
    let expect = [
        (
            "title",
            "adds the placeholder {shopper} to the default text",
        ),
        (
            "card.order",
            "lacks the placeholder {number} of the default text",
        ),
        ("action.cancel_typo", "is not a text of the widget"),
        ("dialog.title", "is a plural object without \"other\""),
        ("action.back", "is plural, but the text is not"),
        ("search.submit", "must be a text"),
    ];
    for (key, problem) in expect {
        let line = format!(
            "order-cancel-widget: messages[\"en\"][\"{key}\"] {problem}; the default text is shown"
        );
        assert_eq!(
            warned.iter().filter(|w| **w == line).count(),
            1,
            "one warning {line:?} in {warned:#?}"
        );
    }
    assert_eq!(warned.len(), expect.len(), "{warned:#?}");
    // Each of them in the catalog's words; the good one in the host's.
    assert_eq!(
        widget(&root).get_attribute("aria-label").as_deref(),
        Some("My orders")
    );
    for default in ["Order PO-2001", "Back to my orders", "Cancel 1 item?"] {
        assert!(shown.contains(default), "{default:?} in {shown}");
    }
    assert!(!shown.contains("{shopper}") && !shown.contains("Purchase"));
    button(&root, "Keep my order").click();
    button(&root, "Back to my orders").click();
    wait_for("the list again", || text(&root).contains("Everything")).await;
    assert!(
        text(&root).contains("My orders") && text(&root).contains("Search"),
        "{}",
        text(&root)
    );
}

#[wasm_bindgen_test]
async fn a_new_locale_re_renders_in_place_keeping_the_order_the_selection_and_the_dialog() {
    let backend = shop();
    let wish = wording("en", "null");
    let (root, _h) = mount(backend.clone(), wish.clone());
    open_order(&root).await;
    // The shopper ticks 2 of the 3 socks, opens the dialog, picks a reason and writes.
    query_all(&root, ".oc-item__check")[0].click();
    wait_for("the quantity picker", || {
        query(&root, ".oc-qty__select").is_some()
    })
    .await;
    choose(&query(&root, ".oc-qty__select").unwrap(), "2");
    wait_for("two selected", || {
        text(&root).contains("Cancel selected (2)")
    })
    .await;
    button(&root, "Cancel selected").click();
    wait_for("the dialog", || query(&root, "[role=dialog]").is_some()).await;
    choose(
        &query(&root, "[role=dialog] select").unwrap(),
        "changed_mind",
    );
    let comment = query(&root, "[role=dialog] textarea").unwrap();
    js_sys::Reflect::set(&comment, &"value".into(), &"Bought them twice".into()).unwrap();
    comment
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    assert_eq!(widget(&root).get_attribute("dir").as_deref(), Some("ltr"));

    wish.change(|w| w.locale = Some("ar".into()));
    // While Arabic's texts load, the English ones stay: no wait, no blank.
    leptos::task::tick().await;
    assert!(
        text(&root).contains("Keep my order") && query(&root, ".oc-spinner").is_none(),
        "{}",
        root.inner_html()
    );
    let ar = locale("ar");
    wait_for("Arabic", || {
        widget(&root).get_attribute("dir").as_deref() == Some("rtl")
    })
    .await;
    settle().await;
    assert_eq!(widget(&root).get_attribute("lang").as_deref(), Some("ar"));
    assert_eq!(
        backend.state.borrow().catalogs_fetched,
        ["en", "ar"],
        "only the new language's catalog is fetched"
    );
    let dialog = query(&root, "[role=dialog]").expect("the dialog is still open");
    assert!(
        text(&dialog).contains(&ar.t("dialog.keep")),
        "{}",
        text(&dialog)
    );
    assert!(!text(&root).contains("Keep my order"), "{}", text(&root));
    assert!(text(&root).contains(&ar.t("action.back")));
    assert_eq!(value(&query(&dialog, "select").unwrap()), "changed_mind");
    assert_eq!(
        value(&query(&dialog, "textarea").unwrap()),
        "Bought them twice"
    );
    let checks = query_all(&root, ".oc-item__check");
    assert!(
        checked(&checks[0]) && !checked(&checks[1]),
        "the socks stay ticked"
    );
    assert_eq!(value(&query(&root, ".oc-qty__select").unwrap()), "2");

    // Back to English, with the host's own word for keeping: the same state again.
    wish.change(|w| {
        w.locale = Some("en".into());
        w.messages = js_sys::JSON::parse(r#"{ "en": { "dialog.keep": "No, keep it" } }"#).unwrap();
    });
    wait_for("English with the host's word", || {
        text(&root).contains("No, keep it")
    })
    .await;
    assert_eq!(widget(&root).get_attribute("dir").as_deref(), Some("ltr"));
    assert_eq!(
        value(&query(&root, "[role=dialog] textarea").unwrap()),
        "Bought them twice"
    );
    assert!(text(&root).contains("Cancel selected (2)"));
    assert_eq!(backend.state.borrow().catalogs_fetched, ["en", "ar", "en"]);
    // And the dialog still sends what the shopper chose.
    button(&root, "Cancel items").click();
    wait_for("the result", || text(&root).contains("Cancelled.")).await;
    let body = backend.state.borrow().cancel_bodies[0].clone();
    assert_eq!(body.items[0].quantity, 2);
    assert_eq!(body.comment.as_deref(), Some("Bought them twice"));
}

#[wasm_bindgen_test]
async fn a_language_that_cannot_be_had_after_a_switch_leaves_the_one_on_screen() {
    let backend = shop();
    let wish = wording("de", "null");
    let (root, _h) = mount(backend.clone(), wish.clone());
    wait_for("German", || {
        text(&root).contains("PO-2001")
            && widget(&root).get_attribute("lang").as_deref() == Some("de")
    })
    .await;
    // French's catalog cannot be had, nor English's after it.
    backend.fail_catalog("fr", 1);
    backend.fail_catalog("en", 1);
    wish.change(|w| w.locale = Some("fr".into()));
    wait_for("the tries", || {
        backend.state.borrow().catalogs_fetched.len() == 3
    })
    .await;
    settle().await;
    assert_eq!(backend.state.borrow().catalogs_fetched, ["de", "fr", "en"]);
    assert_eq!(widget(&root).get_attribute("lang").as_deref(), Some("de"));
    assert!(
        text(&root).contains(&locale("de").t("title")),
        "{}",
        text(&root)
    );
}

#[wasm_bindgen_test]
async fn a_new_locale_keeps_the_lists_tab_and_search() {
    let backend = shop();
    let wish = wording("en", "null");
    let (root, _h) = mount(backend.clone(), wish.clone());
    wait_for("the list", || text(&root).contains("PO-2001")).await;
    button(&root, "To ship").click();
    search(&root, "socks");
    wait_for("the search's answer", || {
        query_all(&root, ".oc-card").len() == 1 && text(&root).contains("PO-2001")
    })
    .await;
    let asked = backend.state.borrow().catalogs_fetched.len();
    wish.change(|w| w.locale = Some("de".into()));
    wait_for("German", || text(&root).contains("Meine Bestellungen")).await;
    let selected = query(&root, ".oc-tab[aria-selected=true]").expect("a chosen tab");
    assert_eq!(
        text(&selected),
        locale("de").t("tab.to_ship"),
        "the same tab, in German"
    );
    let field = query(&root, "input[type=search]").unwrap();
    assert_eq!(value(&field), "socks", "the search stays");
    assert_eq!(
        query_all(&root, ".oc-card").len(),
        1,
        "the same page of orders"
    );
    assert_eq!(backend.state.borrow().catalogs_fetched.len(), asked + 1);
}
