//! Unguessable identifiers from the operating system's random source.

use std::fmt::Write;

/// `prefix` followed by `bytes` random bytes in lowercase hex, e.g. `ord_3f9a…`.
pub fn random_id(prefix: &str, bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS random source failing is not something a server can work around.
    getrandom::fill(&mut buf).expect("the operating system's random source failed");
    let mut id = String::from(prefix);
    id.push_str(&hex(&buf));
    id
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}
