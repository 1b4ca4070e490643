//! Building strings without `core::fmt`: its machinery (`fmt::write`, `Formatter`'s padding,
//! integer `Display`) costs the first screen's wasm about 3 KB raw, and a `format!` call site
//! costs more code than pushing its parts. These helpers are what the widget uses instead of
//! `format!` and `to_string()` on numbers.

/// The parts one after the other.
///
/// ```
/// use order_cancel_widget::text::concat;
/// assert_eq!(concat(&["Order ", "PO-1", " · ", "2 items"]), "Order PO-1 · 2 items");
/// ```
pub fn concat(parts: &[&str]) -> String {
    let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        text.push_str(part);
    }
    text
}

/// `n` in decimal digits, as `n.to_string()` writes it.
///
/// ```
/// use order_cancel_widget::text::number;
/// assert_eq!(number(0), "0");
/// assert_eq!(number(4_294_967_295u32), "4294967295");
/// assert_eq!(number(-1_200), "-1200");
/// ```
pub fn number(n: impl Into<i64>) -> String {
    decimal(n.into())
}

/// [`number`]'s one body for every integer type.
fn decimal(n: i64) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut text = String::with_capacity(21 - at);
    if n < 0 {
        text.push('-');
    }
    for &d in &digits[at..] {
        text.push(d as char);
    }
    text
}

/// `n` with at least two digits ("05"), as `format!("{n:02}")` writes it.
///
/// ```
/// use order_cancel_widget::text::two_digits;
/// assert_eq!(two_digits(5), "05");
/// assert_eq!(two_digits(42), "42");
/// ```
pub fn two_digits(n: i64) -> String {
    let text = decimal(n);
    if (0..10).contains(&n) {
        concat(&["0", &text])
    } else {
        text
    }
}

/// The parts with `separator` between them, as `[..].join(separator)` writes them.
///
/// ```
/// use order_cancel_widget::text::join;
/// assert_eq!(join(&["Socks", "Scarf"], ", "), "Socks, Scarf");
/// assert_eq!(join(&[String::from("one")], "; "), "one");
/// ```
pub fn join<S: AsRef<str>>(parts: &[S], separator: &str) -> String {
    let mut text = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            text.push_str(separator);
        }
        text.push_str(part.as_ref());
    }
    text
}

/// `text` with every `from` replaced by `to`, as `str::replace` does it, without the
/// substring searcher `str::replace` brings into the wasm (1.2 KB raw).
///
/// ```
/// use order_cancel_widget::text::replace;
/// assert_eq!(replace("/p/{sku}?s={sku}", "{sku}", "A-1"), "/p/A-1?s=A-1");
/// assert_eq!(replace("no marker", "{sku}", "A-1"), "no marker");
/// ```
pub fn replace(text: &str, from: &str, to: &str) -> String {
    let mut replaced = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match rest.strip_prefix(from) {
            Some(after) if !from.is_empty() => {
                replaced.push_str(to);
                rest = after;
            }
            _ => {
                replaced.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    replaced
}
