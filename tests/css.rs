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

/// The sides a rule names outright ("left", "margin-right", "to left"), in the minified `css`,
/// as "selector: declarations", unless a `:dir(rtl)` rule for the same selector mirrors them.
fn physical_sides(css: &str) -> Vec<String> {
    let rules: Vec<(&str, &str)> = css
        .split('}')
        .filter_map(|block| block.rsplit_once('{'))
        .map(|(head, body)| (head.rsplit('{').next().unwrap_or(head), body))
        .collect();
    let mirrored: Vec<String> = rules
        .iter()
        .filter(|(selector, _)| selector.contains(":dir(rtl)"))
        .map(|(selector, _)| selector.replace(":dir(rtl)", ""))
        .collect();
    let names_a_side = |body: &str| {
        body.split(|c: char| !c.is_ascii_alphabetic() && c != '-')
            .flat_map(|word| word.split('-'))
            .any(|part| part == "left" || part == "right")
    };
    rules
        .iter()
        .filter(|(selector, body)| {
            names_a_side(body)
                && !selector.contains(":dir(")
                && !mirrored.iter().any(|m| m == selector)
        })
        .map(|(selector, body)| format!("{selector}: {body}"))
        .collect()
}

#[test]
fn the_widgets_stylesheets_mirror_in_right_to_left_text() {
    let mut sheets = vec!["style/tokens.css".to_string()];
    for entry in std::fs::read_dir("src/components").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "css") {
            sheets.push(path.display().to_string());
        }
    }
    assert!(sheets.len() >= 6, "{sheets:?}");
    for sheet in sheets {
        let css = minify(&std::fs::read_to_string(&sheet).unwrap());
        assert_eq!(
            physical_sides(&css),
            Vec::<String>::new(),
            "{sheet}: logical properties (margin-inline-start, inset-inline, text-align: start …) \
             mirror by themselves; a physical side needs a :dir(rtl) rule that mirrors it"
        );
    }
}

#[test]
fn a_physical_side_is_found_unless_mirrored() {
    let css = minify(
        ".a{margin-left:auto}.b{border-right-color:red}.c{mask-image:linear-gradient(to left,red,blue)}\
         .c:dir(rtl){mask-image:linear-gradient(to right,red,blue)}@media (min-width:9px){.d{float:right}}\
         .e{margin-inline-start:4px;text-align:start}",
    );
    assert_eq!(
        physical_sides(&css),
        [
            ".a: margin-left:auto",
            ".b: border-right-color:red",
            ".d: float:right"
        ]
    );
}
