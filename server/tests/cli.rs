//! The command line: flags, environment variables, defaults, subcommands, errors and
//! `--help`. A test binary of its own: clap reads the process's environment, so these
//! tests set variables, one test at a time, where no other test runs.

use cancel_policy::Preset;
use order_cancel_server::config::{
    parse, Command, Config, ConfigError, InvalidValue, LogFormat, PolicyFormat, PolicySource,
};
use order_cancel_server::db::Database;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

const BIN: &str = env!("CARGO_BIN_EXE_order-cancel-server");

/// Held while a test changes or reads the process's environment.
fn env_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|p| p.into_inner())
}

/// Parses `args` with exactly the `ORDER_CANCEL_*` variables of `env` set.
fn parse_args(args: &[&str], env: &[(&str, &str)]) -> Result<Command, ConfigError> {
    let _lock = env_lock();
    let ours: Vec<String> = std::env::vars()
        .map(|(k, _)| k)
        .filter(|k| k.starts_with("ORDER_CANCEL_"))
        .collect();
    for key in ours {
        std::env::remove_var(key);
    }
    for (key, value) in env {
        std::env::set_var(key, value);
    }
    let parsed = parse(args.iter().copied());
    for (key, _) in env {
        std::env::remove_var(key);
    }
    parsed
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Result<Config, String> {
    match parse_args(args, env).map_err(|e| e.to_string())? {
        Command::Run(config) => Ok(config),
        Command::Help(_) => Err("help".into()),
        other => Err(format!("{other:?}")),
    }
}

#[test]
fn defaults() {
    assert_eq!(run(&[], &[]), Ok(Config::default()));
    assert_eq!(
        Config::default().policy,
        PolicySource::Preset(Preset::TiktokShop)
    );
}

#[test]
fn flags_and_equals_forms() {
    let c = run(
        &[
            "--addr",
            "0.0.0.0:9000",
            "--db=/tmp/x.sqlite",
            "--preset",
            "amazon",
            "--seed",
            "--seed-orders",
            "10",
            "--simulate",
            "60",
            "--allow-origin",
            "http://a.test/",
            "--allow-origin=https://b.test:8443",
            "--rate-limit=0",
        ],
        &[],
    )
    .unwrap();
    assert_eq!(c.addr.to_string(), "0.0.0.0:9000");
    assert_eq!(c.db, Database::Sqlite(PathBuf::from("/tmp/x.sqlite")));
    assert_eq!(c.policy, PolicySource::Preset(Preset::Amazon));
    assert!(c.seed);
    assert_eq!(c.seed_orders, 10);
    assert_eq!(c.simulate, Some(60.0));
    assert_eq!(c.allow_origins, ["http://a.test", "https://b.test:8443"]);
    assert_eq!(c.rate_limit, 0);
}

#[test]
fn environment_fills_in_and_flags_win() {
    let env = [
        ("ORDER_CANCEL_ADDR", "127.0.0.1:1234"),
        ("ORDER_CANCEL_DB", "env.sqlite"),
        ("ORDER_CANCEL_ALLOW_ORIGINS", "http://a.test, http://b.test"),
        ("ORDER_CANCEL_RATE_LIMIT", "7"),
    ];
    let c = run(&[], &env).unwrap();
    assert_eq!(c.rate_limit, 7);
    assert_eq!(run(&["--rate-limit", "9"], &env).unwrap().rate_limit, 9);
    assert_eq!(c.addr.port(), 1234);
    assert_eq!(c.db, Database::Sqlite(PathBuf::from("env.sqlite")));
    assert_eq!(c.allow_origins, ["http://a.test", "http://b.test"]);
    let c = run(
        &["--addr", "127.0.0.1:5", "--allow-origin", "http://c.test"],
        &env,
    )
    .unwrap();
    assert_eq!(c.addr.port(), 5);
    assert_eq!(c.allow_origins, ["http://c.test"]);
}

#[test]
fn blank_list_items_are_skipped_and_the_last_of_a_repeated_flag_wins() {
    let c = run(
        &["--rate-limit", "3", "--rate-limit", "4"],
        &[(
            "ORDER_CANCEL_ALLOW_ORIGINS",
            "http://a.test,, http://b.test,",
        )],
    )
    .unwrap();
    assert_eq!(c.rate_limit, 4);
    assert_eq!(c.allow_origins, ["http://a.test", "http://b.test"]);
    let c = run(&[], &[("ORDER_CANCEL_WEBHOOK_URLS", "")]).unwrap();
    assert!(c.webhook_urls.is_empty(), "an empty variable names no URL");
}

#[test]
fn help() {
    assert_eq!(run(&["--seed", "--help"], &[]), Err("help".into()));
    assert!(matches!(parse_args(&["-h"], &[]), Ok(Command::Help(_))));
}

#[test]
fn bad_input_is_explained() {
    for args in [
        &["--bogus"][..],
        &["--addr"],
        &["--addr", "localhost"],
        &["--preset", "ebay"],
        &["--seed-orders", "-1"],
        &["--simulate", "0"],
        &["--simulate", "fast"],
        &["--allow-origin", "*"],
        &["--allow-origin", "a.test"],
        &["--seed=yes"],
        &["--rate-limit", "-1"],
        &["--rate-limit", "fast"],
        &["--webhook-url", "https://a.test/hook"],
        &[
            "--webhook-url",
            "ftp://a.test",
            "--webhook-secret",
            "whsec_MTIz",
        ],
        &["--merchant-token", "short"],
        &["--log-format", "xml"],
        &["--webhook-retry-ms", "0"],
        &["--deadline-sweep-ms", "soon"],
    ] {
        let err = run(args, &[]).unwrap_err();
        assert!(!err.is_empty() && err != "help", "{args:?}");
    }
}

#[test]
fn our_value_errors_keep_their_words() {
    let invalid = |args: &[&str], env: &[(&str, &str)]| match parse_args(args, env) {
        Err(ConfigError::Invalid(invalid)) => invalid.to_string(),
        other => panic!("{args:?}: {other:?}"),
    };
    assert_eq!(
        invalid(&["--simulate", "fast"], &[]),
        r#"--simulate takes a speed > 0 such as 1 or 60, not "fast""#
    );
    assert_eq!(
        invalid(&["--preset", "ebay"], &[]),
        r#"unknown preset "ebay"; choose one of temu, tiktok_shop, amazon, independent_shop, dropshipping"#
    );
    assert_eq!(
        invalid(&[], &[("ORDER_CANCEL_RATE_LIMIT", "fast")]),
        r#"--rate-limit (ORDER_CANCEL_RATE_LIMIT) takes requests per second up to 1000000, 0 for none, not "fast""#
    );
    assert!(matches!(
        parse_args(&["--deadline-sweep-ms", "soon"], &[]),
        Err(ConfigError::Invalid(InvalidValue::Millis {
            flag: "--deadline-sweep-ms",
            ..
        }))
    ));
    assert!(matches!(
        parse_args(&[], &[("ORDER_CANCEL_MERCHANT_TOKEN", "short")]),
        Err(ConfigError::MerchantTokenTooShort)
    ));
    assert!(matches!(
        parse_args(&["--bogus"], &[]),
        Err(ConfigError::Usage(_))
    ));
}

#[test]
fn store_settings_from_flags_and_environment() {
    let Command::Run(c) = parse_args(
        &[
            "--policy",
            "shop.toml",
            "--jwt-jwks",
            "keys.json",
            "--webhook-url",
            "https://a.test/h",
            "--log-format=json",
        ],
        &[
            ("ORDER_CANCEL_MERCHANT_TOKEN", "merchant-secret-0123"),
            ("ORDER_CANCEL_JWT_SECRET", "s"),
            ("ORDER_CANCEL_WEBHOOK_SECRET", "whsec_MTIz"),
            ("ORDER_CANCEL_WEBHOOK_URLS", "https://ignored.test"),
        ],
    )
    .unwrap() else {
        panic!("run")
    };
    assert_eq!(c.policy, PolicySource::File("shop.toml".into()));
    assert_eq!(c.jwt_jwks, Some(PathBuf::from("keys.json")));
    assert_eq!(c.jwt_secret.as_deref(), Some("s"));
    assert_eq!(c.merchant_token.as_deref(), Some("merchant-secret-0123"));
    assert_eq!(
        c.webhook_urls,
        ["https://a.test/h"],
        "flags win over the environment"
    );
    assert_eq!(c.log_format, LogFormat::Json);
}

#[test]
fn a_preset_flag_wins_over_the_policy_variable_and_the_later_flag_wins() {
    let env = [("ORDER_CANCEL_POLICY", "env.toml")];
    assert_eq!(
        run(&[], &env).unwrap().policy,
        PolicySource::File("env.toml".into())
    );
    assert_eq!(
        run(&["--preset", "temu"], &env).unwrap().policy,
        PolicySource::Preset(Preset::Temu)
    );
    assert_eq!(
        run(&["--preset", "temu", "--policy", "a.toml"], &[])
            .unwrap()
            .policy,
        PolicySource::File("a.toml".into())
    );
    assert_eq!(
        run(&["--policy", "a.toml", "--preset", "temu"], &[])
            .unwrap()
            .policy,
        PolicySource::Preset(Preset::Temu)
    );
}

#[test]
fn policy_subcommands() {
    assert_eq!(
        parse_args(&["policy", "show", "amazon"], &[]).unwrap(),
        Command::ShowPolicy {
            source: PolicySource::Preset(Preset::Amazon),
            format: PolicyFormat::Toml
        }
    );
    assert_eq!(
        parse_args(&["policy", "show", "temu", "--format", "json"], &[]).unwrap(),
        Command::ShowPolicy {
            source: PolicySource::Preset(Preset::Temu),
            format: PolicyFormat::Json
        }
    );
    assert_eq!(
        parse_args(&["policy", "show", "--format", "json", "temu"], &[]).unwrap(),
        Command::ShowPolicy {
            source: PolicySource::Preset(Preset::Temu),
            format: PolicyFormat::Json
        }
    );
    assert_eq!(
        parse_args(&["policy", "show", "shop.TOML"], &[]).unwrap(),
        Command::ShowPolicy {
            source: PolicySource::File("shop.TOML".into()),
            format: PolicyFormat::Toml
        }
    );
    assert_eq!(
        parse_args(&["policy", "check", "p.json"], &[]).unwrap(),
        Command::CheckPolicy("p.json".into())
    );
    assert!(parse_args(&["policy", "show", "ebay"], &[])
        .unwrap_err()
        .to_string()
        .contains("unknown preset"));
    assert!(parse_args(&["policy"], &[]).is_err());
    assert!(
        parse_args(&["--seed", "policy", "show", "amazon"], &[]).is_err(),
        "server flags do not mix with a subcommand"
    );
}

/// `order-cancel-server ARGS` with no ORDER_CANCEL_* variable: (exit code, stdout, stderr).
fn run_binary(args: &[&str]) -> (i32, String, String) {
    let _lock = env_lock();
    let mut command = std::process::Command::new(BIN);
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("ORDER_CANCEL_")) {
        command.env_remove(key);
    }
    let out = command.args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn help_names_every_flag_its_variable_and_its_default() {
    let (code, help, _) = run_binary(&["--help"]);
    assert_eq!(code, 0);
    // clap wraps the help to the terminal's width: compare the words, not the line breaks.
    let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
    for fact in [
        "order-cancel-server policy show PRESET|FILE [--format toml|json]",
        "order-cancel-server policy check FILE",
        "--addr <ADDR>",
        "ORDER_CANCEL_ADDR",
        "127.0.0.1:8787",
        "--db <PATH|URL>",
        "ORDER_CANCEL_DB",
        ".data/demo.sqlite",
        "postgres://USER:PASSWORD@HOST:PORT/DBNAME",
        "--policy <FILE>",
        "ORDER_CANCEL_POLICY",
        "--preset <NAME>",
        "[default: tiktok_shop]",
        "--jwt-secret <SECRET>",
        "ORDER_CANCEL_JWT_SECRET",
        "at least 32 bytes",
        "--jwt-jwks <FILE>",
        "--jwt-issuer <ISS>",
        "ORDER_CANCEL_JWT_ISSUER",
        "--jwt-audience <AUD>",
        "ORDER_CANCEL_JWT_AUDIENCE",
        "--merchant-token <TOKEN>",
        "ORDER_CANCEL_MERCHANT_TOKEN",
        "--webhook-url <URL>",
        "ORDER_CANCEL_WEBHOOK_URLS",
        "--webhook-secret <whsec_BASE64>",
        "ORDER_CANCEL_WEBHOOK_SECRET",
        "--allow-origin <ORIGIN>",
        "ORDER_CANCEL_ALLOW_ORIGINS",
        "--seed Demo mode",
        "--seed-orders <N>",
        "--simulate <SPEED>",
        "--rate-limit <N>",
        "ORDER_CANCEL_RATE_LIMIT",
        "[default: 50]",
        "--webhook-retry-ms <MS>",
        "[default: 5000]",
        "--deadline-sweep-ms <MS>",
        "[default: 30000]",
        "--log-format <FORMAT>",
        "ORDER_CANCEL_LOG_FORMAT",
        "RUST_LOG",
        "-h, --help",
        "Demo tokens (with --seed only): demo-shopper (alice), demo-shopper-2 (bob), demo-merchant.",
    ] {
        assert!(help.contains(fact), "--help lacks {fact:?}:\n{help}");
    }
}

#[test]
fn help_never_shows_a_secret_from_the_environment() {
    let _lock = env_lock();
    let out = std::process::Command::new(BIN)
        .arg("--help")
        .env("ORDER_CANCEL_JWT_SECRET", "jwt-secret-value-7q")
        .env("ORDER_CANCEL_MERCHANT_TOKEN", "merchant-token-value-7q")
        .env("ORDER_CANCEL_DB", "postgres://u:db-password-7q@h/db")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("ORDER_CANCEL_JWT_SECRET"), "{help}");
    assert!(!help.contains("-7q"), "{help}");
}

#[test]
fn a_bad_value_is_one_line_naming_the_flag_with_exit_status_2() {
    let (code, _, err) = run_binary(&["--simulate", "fast"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "order-cancel-server: --simulate takes a speed > 0 such as 1 or 60, not \"fast\"\nTry 'order-cancel-server --help'.\n"
    );
    let (code, _, err) = run_binary(&["--sede"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("'--sede'") && err.contains("--seed") && err.contains("--help"),
        "clap names the flag and suggests the right one: {err}"
    );
}

#[test]
fn the_stores_language_and_the_merchants_texts_from_flags_and_environment() {
    let env = [
        ("ORDER_CANCEL_DEFAULT_LOCALE", "de-CH"),
        ("ORDER_CANCEL_MAIL_TEXTS", "/etc/shop/texts"),
    ];
    let config = run(&[], &env).unwrap();
    assert_eq!(config.mail.default_locale, "de-CH");
    assert_eq!(config.mail.texts, Some(PathBuf::from("/etc/shop/texts")));
    assert_eq!(run(&[], &[]).unwrap().mail.default_locale, "en");
    // The old flag's name still works; the flag wins over the environment.
    let config = run(&["--mail-default-locale", "fr"], &env).unwrap();
    assert_eq!(config.mail.default_locale, "fr");
    let config = run(&["--default-locale=pt-BR", "--mail-texts", "t"], &env).unwrap();
    assert_eq!(config.mail.default_locale, "pt-BR");
    assert_eq!(config.mail.texts, Some(PathBuf::from("t")));
}
