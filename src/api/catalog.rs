//! Fetching a language's catalog from where the widget's own files are (not from the store's
//! API). In the demo and the wasm tests a catalog is one file, `locales/<tag>.json` beside the
//! module. The embeddable build cuts each in two, by where its keys are used: what the first
//! screen reads, fetched here, and what only the order details read, which its chunk loader
//! fetches with the details' chunk and merges into the same object (so the details wait for
//! both, and a failure is the chunk's). `scripts/build-embed.sh` puts its content-hashed files
//! in place of `url` below (following `init({ assetsUrl })`) and its merge in place of `keep`
//! (and its own `whole`, which waits for that merge).
//!
//! Here too, the host's own wording (`messages`) is laid over a catalog: [`overlay`].

use super::{ApiError, ApiFuture, ErrorKind};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// Three tries, 0.3 s and 0.6 s apart, when the network or the file server fails; a missing
// file (4xx) is not tried again; a failure is told as a string (the URL and the cause).
#[wasm_bindgen(inline_js = r#"
const url = (tag) => new URL(`../../locales/${tag}.json`, import.meta.url);
const keep = (tag, catalog) => catalog;
const whole = (catalog, then) => then();
export async function load(where) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(where).catch((error) => {
      if (attempt > 2) throw `${where}: ${error.message}`;
    });
    if (response?.ok) return response.json();
    if (response && (response.status < 500 || attempt > 2)) throw `${where}: HTTP ${response.status}`;
    await new Promise((resolve) => setTimeout(resolve, 150 << attempt));
  }
}
export async function fetch_catalog(tag) {
  return keep(tag, await load(url(tag)));
}
// The `{name}`s of a text, or of all the forms of a plural one.
const holes = (text) => [...new Set(JSON.stringify(text).match(/\{\w+\}/g))];
// What is wrong with `text` as the wording of `base` (a catalog's text), if anything.
const wrong = (text, base) => {
  if (base == null) return 'is not a text of the widget';
  if (typeof text == 'object' && text) {
    if (typeof base != 'object') return 'is plural, but the text is not';
    if (!('other' in text)) return 'is a plural object without "other"';
    text = Object.values(text);
  }
  if ([text].flat().some((form) => typeof form != 'string')) return 'must be a text';
  const [mine, its] = [holes(text), holes(base)];
  const lacks = its.filter((h) => !mine.includes(h));
  const adds = mine.filter((h) => !its.includes(h));
  if (lacks[0]) return `lacks the placeholder ${lacks} of the default text`;
  if (adds[0]) return `adds the placeholder ${adds} to the default text`;
};
// `catalog` with the host's texts for `tag` in `messages` over it (those of other languages are
// left for when theirs is shown). Each is checked against the catalog's own text once that is
// here (a text of the details arrives with their chunk): a wrong one is told on the console and
// the catalog's text stays.
export function overlay(catalog, messages, tag) {
  const own = Object.create(catalog);
  const warn = (what, why) => console.warn(`order-cancel-widget: messages${what} ${why}`);
  const [name, texts] = Object.entries(Object(messages)).find(([t]) => t.toLowerCase() == tag.toLowerCase()) ?? [];
  if (texts && typeof texts != 'object') warn(`["${name}"]`, 'must be an object of texts by key');
  else for (const [key, text] of Object.entries(texts ?? {})) {
    const check = () => {
      const why = wrong(text, Object.hasOwn(catalog, key) ? catalog[key] : null);
      if (why) warn(`["${name}"]["${key}"]`, `${why}; the default text is shown`);
      else own[key] = text;
    };
    Object.hasOwn(catalog, key) ? check() : whole(catalog, check);
  }
  return own;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = fetch_catalog)]
    fn fetch_catalog_js(tag: &str) -> js_sys::Promise;
    /// `catalog` with the host's texts for `tag` in `messages` over it, each checked.
    pub fn overlay(catalog: &JsValue, messages: &JsValue, tag: &str) -> JsValue;
}

/// The catalog of `tag` as the browser parsed it.
pub fn fetch_catalog(tag: &'static str) -> ApiFuture<JsValue> {
    let promise = fetch_catalog_js(tag);
    Box::pin(async move {
        JsFuture::from(promise).await.map_err(|e| {
            // A string from the snippet; a file that is not JSON rejects with a SyntaxError.
            let detail = e.as_string().unwrap_or_default();
            ApiError::new(ErrorKind::Network, "catalog", detail)
        })
    })
}
