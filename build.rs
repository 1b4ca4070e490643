//! Lists the text catalogs (`locales/<tag>.json`) for `i18n::LOCALES`, so a new language is
//! one new file. Joins the widget's stylesheets, in cascade order, into two minified files in OUT_DIR: what
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
    list_locales();
}

/// Writes `locales.rs` to OUT_DIR: `LOCALES`, the tags of `locales/*.json`, sorted; and
/// `catalog_files.rs`, each tag with its file's text, for the wasm tests' fake backend (only
/// they include it: the widget fetches its catalogs).
fn list_locales() {
    println!("cargo:rerun-if-changed=locales");
    let mut tags: Vec<String> = std::fs::read_dir("locales")
        .unwrap_or_else(|e| panic!("locales/: {e}"))
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    tags.sort();
    let list: Vec<String> = tags.iter().map(|t| format!("{t:?}")).collect();
    let code = format!(
        "/// The tags of the catalogs in `locales/`, sorted (written by build.rs).\npub const LOCALES: &[&str] = &[{}];\n",
        list.join(", ")
    );
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = std::path::Path::new(&out_dir).join("locales.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let files: Vec<String> = tags
        .iter()
        .map(|t| {
            format!(
                "({t:?}, include_str!({:?}))",
                format!("{root}/locales/{t}.json")
            )
        })
        .collect();
    let code = format!("&[{}]", files.join(", "));
    let out = std::path::Path::new(&out_dir).join("catalog_files.rs");
    std::fs::write(&out, code).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
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
