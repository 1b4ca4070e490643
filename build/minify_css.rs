//! The CSS minifier of the build script (`build.rs`), in its own file so a native test
//! (`tests/css.rs`) can check it.

/// Drops comments and the whitespace CSS does not need. Whitespace inside quoted strings
/// stays, and between words one space stays (it can be a descendant combinator, and
/// `calc()` needs it around `+` and `-`); it goes around `{ } ; , >` and after `:`, where
/// CSS gives it no meaning. A space before `:` stays: `a :hover` is not `a:hover`.
pub fn minify(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            '{' | '}' | ';' | ',' | '>' => {
                if c == '}' && out.ends_with(';') {
                    out.pop(); // the last declaration needs no semicolon
                }
                out.push(c);
                space = false;
            }
            c => {
                if space && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', '>', ':']) {
                    out.push(' ');
                }
                space = false;
                out.push(c);
                if c == '"' || c == '\'' {
                    for q in chars.by_ref() {
                        out.push(q);
                        if q == c {
                            break;
                        }
                    }
                }
            }
        }
    }
    out
}
