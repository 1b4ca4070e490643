//! The build script's CSS minifier keeps what the browser reads and drops only the rest.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../build/minify_css.rs"]
mod minify_css;

use minify_css::minify;

#[test]
fn comments_and_layout_whitespace_go() {
    let css =
        "/* tokens */\n.a {\n  color: red;\n  margin: 0 4px;\n}\n\n.b, .c > .d { padding: 1px }\n";
    assert_eq!(
        minify(css),
        ".a{color:red;margin:0 4px}.b,.c>.d{padding:1px}"
    );
}

#[test]
fn meaningful_spaces_stay() {
    // A descendant's pseudo-class, calc()'s operators and a font name in quotes.
    let css =
        ".w :focus-visible { width: calc(100% - 4px); font-family: \"Segoe  UI\", sans-serif; }";
    assert_eq!(
        minify(css),
        ".w :focus-visible{width:calc(100% - 4px);font-family:\"Segoe  UI\",sans-serif}"
    );
}

#[test]
fn media_queries_and_keyframes_keep_their_structure() {
    let css = "@media (prefers-reduced-motion: reduce) { .s { animation-duration: 3s; } }\n@keyframes spin { to { transform: rotate(360deg); } }";
    assert_eq!(
        minify(css),
        "@media (prefers-reduced-motion:reduce){.s{animation-duration:3s}}@keyframes spin{to{transform:rotate(360deg)}}"
    );
}

#[test]
fn the_widgets_stylesheets_keep_every_rule() {
    for sheet in [
        "style/tokens.css",
        "src/components/widget.css",
        "src/components/orders_list.css",
        "src/components/order_details.css",
        "src/components/reason_dialog.css",
    ] {
        let text = std::fs::read_to_string(sheet).unwrap();
        let without_comments: String = text
            .split("/*")
            .enumerate()
            .map(|(i, part)| {
                if i == 0 {
                    part
                } else {
                    part.split_once("*/").map_or("", |(_, rest)| rest)
                }
            })
            .collect();
        let min = minify(&text);
        assert_eq!(
            min.matches('{').count(),
            without_comments.matches('{').count(),
            "{sheet}"
        );
        assert_eq!(
            min.matches("var(--").count(),
            without_comments.matches("var(--").count(),
            "{sheet}"
        );
        assert!(
            min.len() < text.len() * 9 / 10,
            "{sheet}: {} of {}",
            min.len(),
            text.len()
        );
        assert!(!min.contains("/*") && !min.contains('\n'), "{sheet}");
    }
}
