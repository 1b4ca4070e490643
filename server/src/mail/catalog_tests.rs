use super::*;
use crate::mail::message::line_of;

/// A folder of catalogs for one test, removed when dropped.
struct Folder(std::path::PathBuf);

impl Folder {
    fn new(name: &str, files: &[(&str, &str)]) -> Folder {
        let dir = std::env::temp_dir().join(format!("mail-texts-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        Folder(dir)
    }

    fn file(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn used(keys: &[&str]) -> BTreeSet<String> {
    keys.iter().map(|k| k.to_string()).collect()
}

fn error_of(folder: &Folder, keys: &[&str]) -> String {
    match Catalogs::load(Some(&folder.0)) {
        Err(error) => error,
        Ok(catalogs) => catalogs.check(&used(keys)).unwrap_err(),
    }
}

fn say(catalogs: &Catalogs, tag: &str, key: &str, n: Option<u64>) -> String {
    catalogs
        .text(tag, key, n, &|name| Some(format!("<{name}>")))
        .unwrap()
}

#[test]
fn the_built_in_catalogs_have_the_same_texts_in_every_language() {
    let catalogs = Catalogs::load(None).unwrap();
    let languages = catalogs.email_languages();
    for tag in ["ar", "de", "en", "ja", "pl", "tr", "zh-CN"] {
        assert!(
            languages.contains(&tag.to_string()),
            "{tag} in {languages:?}"
        );
    }
    let every_key: Vec<String> = catalogs
        .english
        .keys()
        .filter(|k| k.starts_with("mail."))
        .cloned()
        .collect();
    let keys: Vec<&str> = every_key.iter().map(String::as_str).collect();
    catalogs.check(&used(&keys)).unwrap();
    assert_eq!(
        say(&catalogs, "de", "mail.arrival.business_days", Some(1)),
        "Das dauert in der Regel <n> Werktag."
    );
    assert_eq!(
        say(&catalogs, "de", "mail.arrival.business_days", Some(7)),
        "Das dauert in der Regel <n> Werktage."
    );
    for (tag, n, want) in [
        ("pl", 3, "Zwykle trwa to <n> dni robocze."),
        ("pl", 5, "Zwykle trwa to <n> dni roboczych."),
        ("ar", 2, "يستغرق ذلك عادةً يومَي عمل."),
        ("ar", 7, "يستغرق ذلك عادةً <n> أيام عمل."),
        ("ar", 11, "يستغرق ذلك عادةً <n> يوم عمل."),
        ("ja", 1, "通常、<n>営業日ほどかかります。"),
    ] {
        assert_eq!(
            say(&catalogs, tag, "mail.arrival.business_days", Some(n)),
            want
        );
    }
}

#[test]
fn plural_forms_follow_the_languages_rules() {
    let folder = Folder::new(
        "plural",
        &[(
            "pl.json",
            r#"{"mail.arrival.days": {"one": "1 dzień", "few": "{n} dni (few)", "many": "{n} dni (many)", "other": "{n} dnia"}}"#,
        )],
    );
    let catalogs = Catalogs::load(Some(&folder.0)).unwrap();
    catalogs.check(&used(&[])).unwrap();
    for (n, want) in [
        (1, "1 dzień"),
        (2, "<n> dni (few)"),
        (5, "<n> dni (many)"),
        (22, "<n> dni (few)"),
    ] {
        assert_eq!(say(&catalogs, "pl", "mail.arrival.days", Some(n)), want);
    }
    assert_eq!(
        catalogs
            .text("pl", "mail.arrival.days", None, &|_| None)
            .unwrap_err(),
        "t(\"mail.arrival.days\"): a plural text needs n=COUNT"
    );
}

#[test]
fn a_file_that_does_not_match_english_stops_the_start_naming_the_file_and_line() {
    let cases: [(&str, &str, &str); 9] = [
        ("de.json", "{\n  \"mail.greeting\": \"Hallo\",\n  \"mail.greting\"\n}", ", line 4: expected `:`"),
        ("de.json", "{\n  \"mail.greeting\": \"Moin,\",\n  \"mail.greting\": \"Moin\"\n}", ", line 3: \"mail.greting\" is not an English text (a typo?)"),
        ("de.json", "{\n\n  \"mail.view_order\": \"Bestellung {nummer} ansehen\"\n}", ", line 3: \"mail.view_order\" has {nummer}, which the English text has not"),
        ("de.json", "{\"mail.view_order\": \"Bestellung ansehen\"}", ", line 1: \"mail.view_order\" lacks {number}, which the English text has"),
        ("de.json", "{\"mail.arrival.days\": {\"one\": \"{n} Tag\", \"few\": \"{n} Tage\", \"other\": \"{n} Tage\"}}", "\"mail.arrival.days\" has the plural forms few, one, other; its language needs one, other"),
        ("de.json", "{\"mail.arrival.days\": {\"one\": \"{n} Tag\"}}", "\"mail.arrival.days\": a plural text needs its \"other\" form"),
        ("de.json", "{\"mail.greeting\": 7}", "\"mail.greeting\": a text is a string or an object of plural forms"),
        ("en.json", "{\"mail.greting\": \"Hi,\"}", ", line 1: \"mail.greting\" is not an English text (a typo?)"),
        ("en.json", "{\"mail.footer\": \"{store} · {number}\"}", ", line 1: \"mail.footer\" lacks {date}, which the English text has"),
    ];
    for (file, text, want) in cases {
        let folder = Folder::new("mismatch", &[(file, text)]);
        let error = error_of(&folder, &[]);
        assert!(
            error.starts_with(&format!("mail texts {}", folder.file(file))) && error.contains(want),
            "{text}\n→ {error}\nwanted {want}"
        );
    }
}

#[test]
fn a_new_language_needs_every_text_the_emails_use() {
    let folder = Folder::new("new", &[("sv.json", r#"{"mail.greeting": "Hej,"}"#)]);
    let error = error_of(&folder, &["mail.greeting", "mail.footer"]);
    assert_eq!(
        error,
        "mail texts: language sv lacks texts the emails use: mail.footer"
    );
    let folder = Folder::new("tag", &[("French.json", "{}")]);
    assert!(
        error_of(&folder, &[]).contains("\"French\" is not a language tag"),
        "{}",
        error_of(&folder, &[])
    );
}

#[test]
fn placeholders_are_filled_and_the_rest_escaped_for_html() {
    let escape = |text: &str| text.replace('<', "&lt;");
    let filled = fill("a <b> {x} {not a name} {y}", &escape, |name| {
        Ok(format!("<{name}>"))
    })
    .unwrap();
    assert_eq!(filled, "a &lt;b> <x> {not a name} <y>");
    assert_eq!(line_of("{\n \"a\": 1,\n \"b\" : 2}", "b"), 3);
}

#[test]
fn each_language_has_the_plural_categories_the_readme_names() {
    let names = |tag: &str| {
        let (_, categories) = plural_rules(tag, "test").unwrap();
        categories.into_iter().collect::<Vec<_>>().join(",")
    };
    for tag in ["en", "de", "nl", "tr"] {
        assert_eq!(names(tag), "one,other", "{tag}");
    }
    for tag in ["fr", "es", "it", "pt-BR"] {
        assert_eq!(names(tag), "many,one,other", "{tag}");
    }
    assert_eq!(names("pl"), "few,many,one,other");
    assert_eq!(names("ar"), "few,many,one,other,two,zero");
    assert_eq!(names("ja"), "other");
    assert_eq!(names("zh-CN"), "other");
}

#[test]
fn a_link_in_a_text_ends_where_its_address_ends() {
    // A mail client links an address up to the first space: "…{url}からお問い合わせ…" made the
    // Japanese words part of the link in the refund-failed email.
    let catalogs = Catalogs::load(None).unwrap();
    let keys: Vec<String> = catalogs.english.keys().cloned().collect();
    for tag in catalogs.email_languages() {
        for key in &keys {
            let Ok(text) = catalogs.text(&tag, key, Some(2), &|name| Some(format!("<{name}>")))
            else {
                continue;
            };
            for (at, _) in text.match_indices("<url>") {
                let next = text[at + "<url>".len()..].chars().next();
                assert!(
                    next.is_none_or(|c| c.is_whitespace() || ".,;:!?)".contains(c)),
                    "{tag} {key}: the address runs into {next:?}: {text}"
                );
            }
        }
    }
}
