//! Builds the text catalogs into the server: `locales/<tag>.json` (the widget's, whose
//! shared texts the emails use too) and `locales/email/<tag>.json` (the emails' own). Every
//! file found is included, so a new language is new files and nothing else.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("..");
    let locales = root.join("locales");
    println!("cargo:rerun-if-changed={}", locales.display());
    let mut out = String::new();
    for (name, dir) in [
        ("WIDGET", locales.clone()),
        ("EMAIL", locales.join("email")),
    ] {
        writeln!(out, "pub const {name}: &[(&str, &str, &str)] = &[").unwrap();
        for (tag, path) in catalogs(&dir) {
            let shown = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .display()
                .to_string();
            writeln!(
                out,
                "    ({tag:?}, {shown:?}, include_str!({:?})),",
                path.display()
            )
            .unwrap();
        }
        writeln!(out, "];").unwrap();
    }
    let target = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("catalogs.rs");
    std::fs::write(target, out).unwrap();
}

/// The `<tag>.json` files of `dir` (none when it does not exist), sorted by tag.
fn catalogs(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .filter_map(|path| {
            let tag = path
                .file_name()?
                .to_str()?
                .strip_suffix(".json")?
                .to_string();
            Some((tag, path))
        })
        .collect();
    found.sort();
    found
}
