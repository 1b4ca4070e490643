//! A wrong config: every problem told to the storefront developer in words, and the shopper
//! told in their language that the widget is not set up.

use super::*;

/// Mounts `config` (a wrong one) and waits for the shopper's sentence: the widget's root,
/// its handle, and what it logged on the console for the storefront's developer.
async fn mount_wrong(config: JsValue, sentence: &str) -> (web_sys::Element, WidgetHandle, String) {
    let errors = support::record_errors();
    let host = container();
    let handle = mount(host.clone(), config).unwrap();
    wait_for(sentence, || text(&shadow(&host)).contains(sentence)).await;
    support::stop_recording(&errors);
    let root = query(&shadow(&host), ".oc-widget").expect("the widget's root");
    (root.into(), handle, support::recorded(&errors))
}

const NOT_SET_UP: &str = "The order list on this page is not set up correctly.";

#[wasm_bindgen_test]
async fn config_errors_are_shown_in_words() {
    stub(0, 0);
    // The shopper reads one sentence; what is wrong is on the console, for the developer.
    let (root, _h, logged) =
        mount_wrong(obj(&[("backendUrl", "not a url".into())]), NOT_SET_UP).await;
    assert_eq!(text(&root), NOT_SET_UP);
    assert!(
        logged.contains("backendUrl \"not a url\" is not a URL"),
        "{logged}"
    );
    assert!(logged.contains("token is missing"), "{logged}");
    let (_, _h, logged) = mount_wrong(
        config(obj(&[(
            "links",
            obj(&[("support", "javascript:alert(1)".into())]),
        )])),
        NOT_SET_UP,
    )
    .await;
    assert!(logged.contains("links.support \"javascript:alert(1)\" is not an allowed link"));
    let theme = obj(&[("accent", 7.into()), ("bad key!", "red".into())]);
    let (_, _h, logged) = mount_wrong(config(obj(&[("theme", theme)])), NOT_SET_UP).await;
    assert!(logged.contains("theme.accent must be a string"), "{logged}");
    assert!(
        logged.contains("theme key \"bad key!\" must be letters, digits and dashes"),
        "{logged}"
    );
    let (_, _h, logged) = mount_wrong(config(obj(&[("theme", "dark".into())])), NOT_SET_UP).await;
    assert!(logged.contains("theme must be an object"));
    let (_, _h, logged) = mount_wrong(
        config(obj(&[(
            "theme",
            obj(&[("accent", "red".into()), ("--oc-accent", "blue".into())]),
        )])),
        NOT_SET_UP,
    )
    .await;
    assert!(logged.contains("theme sets --oc-accent twice"));
    let (_, _h, logged) = mount_wrong(
        config(obj(&[("pageSize", 2.5.into()), ("initialOrder", 7.into())])),
        NOT_SET_UP,
    )
    .await;
    assert!(
        logged.contains("pageSize must be a whole number between 1 and 50"),
        "{logged}"
    );
    assert!(
        logged.contains("config initialOrder: expected a string"),
        "{logged}"
    );
    // A backendUrl of the wrong type is one message, not also "is missing".
    let (_, _h, logged) = mount_wrong(
        obj(&[("backendUrl", 42.into()), ("token", "t".into())]),
        NOT_SET_UP,
    )
    .await;
    assert_eq!(
        logged,
        "order-cancel-widget: config backendUrl: expected a string"
    );
    let (_, _h, logged) = mount_wrong("oops".into(), NOT_SET_UP).await;
    assert!(logged.contains("config must be an object"));
}

#[wasm_bindgen_test]
async fn a_wrong_config_is_told_in_the_shoppers_language() {
    stub(0, 0);
    // The language the config asks for, as the widget would choose it (fr-CA -> fr) …
    let wrong = |locale: &str| obj(&[("locale", locale.into()), ("token", "t".into())]);
    let french = "La liste des commandes de cette page n’est pas configurée correctement.";
    let (root, _h, logged) = mount_wrong(wrong("fr-CA"), french).await;
    assert!(logged.contains("backendUrl is missing"), "{logged}");
    assert_eq!(
        (root.get_attribute("lang"), root.get_attribute("dir")),
        (Some("fr".into()), Some("ltr".into()))
    );
    assert_eq!(query_all(&root, "[role=alert]").len(), 1);
    // … right to left in Arabic, and a new locale on the element is followed in place.
    let arabic = "قائمة الطلبات في هذه الصفحة غير مُعدّة بشكل صحيح.";
    let (root, _h, _) = mount_wrong(wrong("ar"), arabic).await;
    assert_eq!(root.get_attribute("dir"), Some("rtl".into()));
    order_cancel_widget::embed::define_custom_element();
    let el: web_sys::HtmlElement = document()
        .create_element(order_cancel_widget::embed::TAG)
        .unwrap()
        .unchecked_into();
    el.set_attribute("locale", "de").unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    let shown = |el: &web_sys::HtmlElement, sentence: &str| {
        el.shadow_root()
            .is_some_and(|r| r.text_content().unwrap_or_default() == sentence)
    };
    let german = "Die Bestellliste auf dieser Seite ist nicht richtig eingerichtet.";
    wait_for("German", || shown(&el, german)).await;
    el.set_attribute("locale", "en").unwrap();
    wait_for("English", || shown(&el, NOT_SET_UP)).await;
    el.remove();
    // No catalog at all (the widget's files are out of reach): the English last resort.
    install_fetch(
        JsValue::NULL,
        js_sys::Array::new().into(),
        0,
        0,
        js_sys::Object::new().into(),
    );
    let _ = mount_wrong(
        wrong("fr"),
        "The order list could not be loaded. Try again later.",
    )
    .await;
}
