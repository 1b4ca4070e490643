//! Joins the widget's stylesheets, in cascade order, into one minified file in OUT_DIR that
//! `components::STYLES` includes: the comments and indentation are for readers, and every
//! byte of the stylesheet ships inside the first-screen wasm.

#[path = "build/minify_css.rs"]
mod minify_css;

/// Every component's CSS, in the order it cascades.
const SHEETS: &[&str] = &[
    "style/tokens.css",
    "src/components/widget.css",
    "src/components/orders_list.css",
    "src/components/order_details.css",
    "src/components/reason_dialog.css",
];

fn main() {
    println!("cargo:rerun-if-changed=build/minify_css.rs");
    let mut css = String::new();
    for sheet in SHEETS {
        println!("cargo:rerun-if-changed={sheet}");
        let text = std::fs::read_to_string(sheet).unwrap_or_else(|e| panic!("{sheet}: {e}"));
        css.push_str(&minify_css::minify(&text));
    }
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("widget.min.css");
    std::fs::write(&out, css).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
