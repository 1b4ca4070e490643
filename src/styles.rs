//! The widget's stylesheet: one constructed sheet shared by every instance on the page,
//! adopted by each shadow root, with the details' rules added when their chunk arrives.

use wasm_bindgen::JsValue;
use web_sys::ShadowRoot;

/// The first screen's CSS in the order it cascades, minified by the build script (`build.rs`);
/// the embedding puts it in the shadow root.
pub const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

/// The order details', dialog's and results' CSS, added to [`STYLES`] when their chunk
/// arrives ([`add_details`]), so its bytes travel with that chunk.
pub const DETAILS_STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/details.min.css"));

thread_local! {
    /// One parsed stylesheet shared by every instance on the page.
    static SHEET: Option<web_sys::CssStyleSheet> = web_sys::CssStyleSheet::new().ok().inspect(|sheet| {
        let _ = sheet.replace_sync(STYLES);
    });
}

/// Adds the details' rules ([`DETAILS_STYLES`], passed in by their chunk, so its bytes travel with it) to the
/// stylesheet every instance on the page shares, once: each shadow root sees them at once.
pub fn add_details(details: &'static str) {
    thread_local!(static ADDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if !ADDED.replace(true) {
        SHEET.with(|sheet| {
            if let Some(sheet) = sheet {
                let _ = sheet.replace_sync(&format!("{STYLES}{details}"));
            }
        });
    }
}

/// A constructed stylesheet rather than a `<style>` element: a strict `style-src` CSP
/// blocks the latter but not the former.
pub(crate) fn adopt(shadow: &ShadowRoot) -> Result<(), JsValue> {
    let sheet = SHEET
        .with(|s| s.clone())
        .ok_or("constructable stylesheets are not supported")?;
    js_sys::Reflect::set(
        shadow,
        &"adoptedStyleSheets".into(),
        &js_sys::Array::of1(&sheet),
    )?;
    Ok(())
}
