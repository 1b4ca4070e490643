//! Fetching a language's catalog from where the widget's own files are (not from the store's
//! API). In the demo and the wasm tests a catalog is one file, `locales/<tag>.json` beside the
//! module. The embeddable build cuts each in two, by where its keys are used: what the first
//! screen reads, and what only the order details read (fetched with the details' chunk);
//! `scripts/build-embed.sh` puts its content-hashed files in place of `url` below, following
//! `init({ assetsUrl })`.

use super::{ApiError, ApiFuture, ErrorKind};
use crate::i18n::Part;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

// Three tries, 0.3 s and 0.6 s apart, when the network or the file server fails; a missing
// file (4xx) is not tried again; a failure is told as a string (URL and cause). `null`: the
// language has no such part (a whole file).
#[wasm_bindgen(inline_js = r#"
const url = (tag, part) => (part ? null : new URL(`../../locales/${tag}.json`, import.meta.url));
export async function fetch_catalog(tag, part) {
  const where = url(tag, part);
  for (let attempt = 1; where; attempt++) {
    const response = await fetch(where).catch((error) => {
      if (attempt > 2) throw `${where}: ${error.message}`;
    });
    if (response?.ok) return response.json();
    if (response && (response.status < 500 || attempt > 2)) throw `${where}: HTTP ${response.status}`;
    await new Promise((resolve) => setTimeout(resolve, 150 << attempt));
  }
  return null;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = fetch_catalog)]
    fn fetch_catalog_js(tag: &str, part: u32) -> js_sys::Promise;
}

/// Part `part` of the catalog of `tag` as the browser parsed it; `None` when the language
/// has no such part (its first part held everything).
pub fn fetch_catalog(tag: &'static str, part: Part) -> ApiFuture<Option<JsValue>> {
    let promise = fetch_catalog_js(tag, part as u32);
    Box::pin(async move {
        let value = JsFuture::from(promise).await.map_err(|e| {
            // A string from the snippet; a file that is not JSON rejects with a SyntaxError.
            let detail = e.as_string().unwrap_or_default();
            ApiError::new(ErrorKind::Network, "catalog", detail)
        })?;
        Ok((!value.is_null()).then_some(value))
    })
}
