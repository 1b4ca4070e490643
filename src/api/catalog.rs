//! Fetching a language's catalog from where the widget's own files are (not from the store's
//! API). In the demo and the wasm tests a catalog is one file, `locales/<tag>.json` beside the
//! module. The embeddable build cuts each in two, by where its keys are used: what the first
//! screen reads, fetched here, and what only the order details read, which its chunk loader
//! fetches with the details' chunk and merges into the same object (so the details wait for
//! both, and a failure is the chunk's). `scripts/build-embed.sh` puts its content-hashed files
//! in place of `url` below (following `init({ assetsUrl })`) and its merge in place of `keep`.

use super::{ApiError, ApiFuture, ErrorKind};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// Three tries, 0.3 s and 0.6 s apart, when the network or the file server fails; a missing
// file (4xx) is not tried again; a failure is told as a string (the URL and the cause).
#[wasm_bindgen(inline_js = r#"
const url = (tag) => new URL(`../../locales/${tag}.json`, import.meta.url);
const keep = (tag, catalog) => catalog;
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
"#)]
extern "C" {
    #[wasm_bindgen(js_name = fetch_catalog)]
    fn fetch_catalog_js(tag: &str) -> js_sys::Promise;
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
