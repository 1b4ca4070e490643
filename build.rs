//! Joins the widget's stylesheets, in cascade order, into two minified files in OUT_DIR: what
//! the first screen needs (`components::STYLES`, in the main module) and what only the order
//! details, the dialog and the results need (`components::DETAILS_STYLES`, which travels with
//! their lazily loaded chunk). The comments and indentation are for readers; every byte of
//! the stylesheets ships inside the wasm.

#[path = "build/minify_css.rs"]
mod minify_css;

/// The first screen's CSS, in the order it cascades.
const SHEETS: &[&str] = &[
    "style/tokens.css",
    "src/components/widget.css",
    "src/components/orders_list.css",
];

/// The details' CSS, which cascades after the first screen's.
const DETAILS_SHEETS: &[&str] = &[
    "src/components/order_details.css",
    "src/components/reason_dialog.css",
    "src/components/result_banner.css",
];

fn main() {
    println!("cargo:rerun-if-changed=build/minify_css.rs");
    join(SHEETS, "widget.min.css");
    join(DETAILS_SHEETS, "details.min.css");
}

/// Minifies `sheets` into one file `name` in OUT_DIR.
fn join(sheets: &[&str], name: &str) {
    let mut css = String::new();
    for sheet in sheets {
        println!("cargo:rerun-if-changed={sheet}");
        let text = std::fs::read_to_string(sheet).unwrap_or_else(|e| panic!("{sheet}: {e}"));
        css.push_str(&minify_css::minify(&text));
    }
    let out =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(name);
    std::fs::write(&out, css).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
