//! The embedding surface: `mount(element, config)` from JS, and the `<order-cancel-widget>`
//! custom element. Both render into a shadow root with the widget's own stylesheet, so the
//! host page's CSS and the widget's cannot touch each other.

use crate::api::{HttpBackend, RetryOptions};
use crate::components::{config_errors, Widget};
use crate::config::{self, Wish};
use crate::events::HostEvents;
use crate::styles;
use leptos::prelude::*;
use std::any::Any;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r##"
/** Links the widget shows; `buyAgain` may contain `{sku}`. Relative URLs, https:, mailto:, tel:. */
export interface WidgetLinks { support?: string; returns?: string; buyAgain?: string; }

/** A text: `{name}` placeholders as in the default text; for a text that depends on a count, its CLDR plural forms (`other` required). */
export type WidgetMessage = string | { zero?: string; one?: string; two?: string; few?: string; many?: string; other: string };

/** Texts by language tag (`en`, `de`, `pt-BR` …), each by its key in the package's catalogs. An unknown key, or a text whose placeholders differ from the default's, is told on the console and the default text shown. */
export type WidgetMessages = Record<string, Record<string, WidgetMessage>>;

export type StatusTab = "all" | "to_ship" | "shipped" | "delivered" | "cancelled";

/** What `mount()` and `<order-cancel-widget>.config` take. */
export interface WidgetConfig {
  /** Base URL of the cancellation API (the part before `/v1/...`): `https://…` or `/path`. */
  backendUrl: string;
  /** The shopper's bearer token, or a function returning it (called before every request). */
  token: string | (() => string | Promise<string>);
  /** A language of the package's catalogs (`"de"`, `"pt-BR"`), or `"auto"` (the default): the first of the browser's languages that has one. */
  locale?: string;
  /** The store's language, shown when neither `locale` nor the browser's languages have a catalog (then English). */
  defaultLocale?: string;
  /** Your own wording of single texts, per language: `{ de: { "action.cancel": "Artikel stornieren" } }`. */
  messages?: WidgetMessages;
  /** CSS custom properties without the `--oc-` prefix, e.g. `{ accent: "#0a7" }`. */
  theme?: Record<string, string>;
  links?: WidgetLinks;
  initialTab?: StatusTab;
  /** Open this order's details first. */
  initialOrder?: string;
  /** Orders per page, 1–50 (default 10). */
  pageSize?: number;
}

/** `detail` of every `order-cancel:*` event. Money is in minor units. */
export interface CancelEventDetail {
  orderId: string;
  orderNumber: string;
  items: { itemId: string; quantity: number }[];
  reasonCode: string | null;
  refund?: { amount: number; currency: string; destination: "original_payment" | "store_credit" };
  cancellationId?: string;
  error?: { code: string; detail: string };
}

/** Events dispatched on the host element; they bubble and cross shadow roots. */
export interface OrderCancelEventMap {
  "order-cancel:submitted": CustomEvent<CancelEventDetail>;
  "order-cancel:completed": CustomEvent<CancelEventDetail>;
  "order-cancel:requested": CustomEvent<CancelEventDetail>;
  "order-cancel:failed": CustomEvent<CancelEventDetail>;
}

/** `<order-cancel-widget backend-url token locale default-locale initial-tab initial-order support-url returns-url buy-again-url page-size>` */
export interface OrderCancelWidgetElement extends HTMLElement {
  /** Wins over the attributes; set it to pass a token function. */
  config: Partial<WidgetConfig> | null;
  /** The language, as the `locale` attribute (which this sets): a change re-renders the widget in place, keeping its screen. */
  locale: string | null;
  /** Your own texts (wins over `config.messages`); a change re-renders the widget in place. */
  messages: WidgetMessages | null;
  refresh(): void;
  addEventListener<K extends keyof OrderCancelEventMap>(type: K, listener: (event: OrderCancelEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap { "order-cancel-widget": OrderCancelWidgetElement; }
  interface DocumentEventMap extends OrderCancelEventMap {}
}
"##;

/// The tag of the custom element.
pub const TAG: &str = "order-cancel-widget";

/// What `mount()` returns to JavaScript.
#[wasm_bindgen]
pub struct WidgetHandle {
    mounted: Option<Box<dyn Any>>,
    refresh: ArcRwSignal<u32>,
    wish: Wish,
    host: HtmlElement,
    shadow: ShadowRoot,
    theme: Vec<String>,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Removes the widget and everything it added to the host element.
    pub fn unmount(&mut self) {
        // Dropping Leptos' handle disposes every signal, effect and listener of this instance.
        self.mounted.take();
        self.shadow.replace_children_with_node_0();
        let style = self.host.style();
        for name in self.theme.drain(..) {
            let _ = style.remove_property(&name);
        }
    }

    /// Reloads the policy and what is on screen (e.g. after the host page changed an order).
    pub fn refresh(&self) {
        config::bump(&self.refresh);
    }

    /// Changes the language and the host's own texts in place, as Stripe's `element.update()`
    /// does: `{ locale: "ar" }` (a tag, or `auto` / `""` for the browser's), `{ messages: { ar:
    /// { "dialog.keep": "…" } } }`, or both; a member left out stays as it is. The open screen,
    /// the selection and the dialog's answers stay; only the new language's texts are fetched,
    /// and the current ones stay until they are here.
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "{ locale?: string; messages?: WidgetMessages }")]
        options: JsValue,
    ) {
        let given = |name: &str| {
            let name = JsValue::from(name);
            let has = js_sys::Reflect::has(&options, &name).unwrap_or(false);
            has.then(|| js_sys::Reflect::get(&options, &name).unwrap_or_default())
        };
        let (locale, messages) = (given("locale"), given("messages"));
        self.wish.change(|w| {
            if let Some(locale) = locale {
                w.locale = locale.as_string().filter(|l| !l.is_empty());
            }
            if let Some(messages) = messages {
                w.messages = messages;
            }
        });
    }
}

impl Drop for WidgetHandle {
    fn drop(&mut self) {
        self.unmount();
    }
}

/// Mounts the widget into `element` (in a shadow root attached to it) with a JS config:
/// `{ backendUrl, token | () => token, locale, defaultLocale, messages, theme, links: { support,
/// returns, buyAgain }, initialTab, initialOrder, pageSize }`. A wrong config is shown in place of the widget and
/// logged to the console.
#[wasm_bindgen]
pub fn mount(
    element: HtmlElement,
    #[wasm_bindgen(unchecked_param_type = "WidgetConfig")] config: JsValue,
) -> Result<WidgetHandle, JsValue> {
    let shadow = match element.shadow_root() {
        Some(root) => root,
        None => element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    shadow.replace_children_with_node_0();
    styles::adopt(&shadow)?;
    let container: HtmlElement = element
        .owner_document()
        .ok_or("no document")?
        .create_element("div")?
        .unchecked_into();
    container.set_class_name("oc-root");
    shadow.append_child(&container)?;

    let refresh = ArcRwSignal::new(0u32);
    let mut theme = Vec::new();
    let checked = config::from_js(&config);
    let wish = Wish::new(match &checked {
        Ok(checked) => checked.wording(),
        // A wrong config still tells the shopper, in the language it asks for, that the
        // widget is not set up.
        Err(wrong) => wrong.wording.clone(),
    });
    let mounted: Box<dyn Any> = match checked {
        Ok(config) => {
            for (name, value) in &config.theme {
                element.style().set_property(name, value)?;
                theme.push(name.clone());
            }
            let backend = Rc::new(HttpBackend::new(
                &config.backend_url,
                config.token.clone(),
                RetryOptions::default(),
            ));
            let events = HostEvents::new(element.clone().into());
            let refresh = refresh.clone();
            let wording = wish.clone();
            Box::new(leptos::mount::mount_to(container, move || {
                view! { <Widget backend=backend config=config events=events refresh=RwSignal::from(refresh) wording=wording /> }
            }))
        }
        Err(wrong) => {
            let errors = crate::text::join(&wrong.errors, "; ");
            web_sys::console::error_1(&crate::text::concat(&[TAG, ": ", &errors]).into());
            let wording = wish.clone();
            Box::new(leptos::mount::mount_to(container, move || {
                config_errors(wording, wrong.default_locale)
            }))
        }
    };
    Ok(WidgetHandle {
        mounted: Some(mounted),
        refresh,
        wish,
        host: element,
        shadow,
        theme,
    })
}

#[wasm_bindgen(inline_js = r#"
export function define_element(tag, mount) {
  if (customElements.get(tag)) return;
  const ATTRIBUTES = ['backend-url', 'token', 'locale', 'default-locale', 'initial-tab', 'initial-order',
    'support-url', 'returns-url', 'buy-again-url', 'page-size'];
  class OrderCancelWidget extends HTMLElement {
    static get observedAttributes() { return ATTRIBUTES; }
    constructor() {
      super(); this._config = null; this._messages = null; this._handle = null; this._queued = false;
      // A page script may set a property before this class exists (before init() resolved):
      // the value then sits on the element itself and hides the accessor. Take it over.
      for (const name of ['config', 'messages', 'locale']) {
        if (Object.prototype.hasOwnProperty.call(this, name)) {
          const early = this[name];
          delete this[name];
          queueMicrotask(() => { this[name] = early; });
        }
      }
    }
    /** Config object (wins over attributes); may carry a token function. */
    get config() { return this._config; }
    set config(value) { this._config = value; this._schedule(); }
    /** The host's own texts, `{ de: { 'action.cancel': '...' } }` (wins over config.messages). */
    get messages() { return this._messages; }
    set messages(value) {
      this._messages = value;
      if (this._handle) this._handle.update(this._wording()); else this._schedule();
    }
    get locale() { return this.getAttribute('locale'); }
    set locale(value) { if (value == null) this.removeAttribute('locale'); else this.setAttribute('locale', value); }
    connectedCallback() { this._schedule(); }
    disconnectedCallback() { this._unmount(); }
    // A new language is shown in place (the screen and the shopper's choices stay); any other
    // attribute mounts the widget again.
    attributeChangedCallback(name) {
      if (this._handle) name === 'locale' ? this._handle.update(this._wording()) : this._schedule();
    }
    /** The language and texts asked for: unlike the other attributes, `locale` (and the
     * `messages` property) win over config's, so the page can switch them at run time. */
    _wording() {
      const given = this._config || {};
      return { locale: this.getAttribute('locale') ?? given.locale, messages: this._messages ?? given.messages };
    }
    // Several attributes set in a row mount once, on the next microtask.
    _schedule() {
      if (this._queued) return;
      this._queued = true;
      queueMicrotask(() => { this._queued = false; this._remount(); });
    }
    refresh() { if (this._handle) this._handle.refresh(); }
    _unmount() {
      if (this._handle) { this._handle.unmount(); this._handle.free(); this._handle = null; }
    }
    _remount() {
      if (!this.isConnected) return;
      this._unmount();
      const a = (name) => this.getAttribute(name) ?? undefined;
      const fromAttributes = {
        backendUrl: a('backend-url'), token: a('token'), locale: a('locale'), defaultLocale: a('default-locale'),
        initialTab: a('initial-tab'), initialOrder: a('initial-order'),
        pageSize: a('page-size') === undefined ? undefined : Number(a('page-size')),
        links: { support: a('support-url'), returns: a('returns-url'), buyAgain: a('buy-again-url') },
      };
      const given = this._config || {};
      const config = { ...fromAttributes, ...given, ...this._wording(), links: { ...fromAttributes.links, ...(given.links || {}) } };
      this._handle = mount(this, config);
    }
  }
  customElements.define(tag, OrderCancelWidget);
}
"#)]
extern "C" {
    fn define_element(tag: &str, mount: &JsValue);
}

/// Registers `<order-cancel-widget>`; called once when the module loads.
pub fn define_custom_element() {
    define_custom_element_as(TAG);
}

/// Registers the element under another tag (e.g. when a page already uses the name).
/// Elements of that tag already in the page, with properties set on them, are upgraded.
pub fn define_custom_element_as(tag: &str) {
    let mount_fn =
        Closure::<dyn Fn(HtmlElement, JsValue) -> Result<WidgetHandle, JsValue>>::new(mount);
    define_element(tag, mount_fn.as_ref());
    // The element class holds on to it for the page's lifetime.
    mount_fn.forget();
}
