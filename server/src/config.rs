//! Command-line flags and environment variables. Hand-written: a dozen flags do not need
//! a parser crate's compile time.

use crate::db::Database;
use cancel_policy::{Policy, Preset};
use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub const USAGE: &str = "\
Usage: order-cancel-server [OPTIONS]
       order-cancel-server policy show PRESET [--format toml|json]
       order-cancel-server policy check FILE

The reference backend of the order-cancel widget: the /v1 HTTP API over SQLite or PostgreSQL.

Options:
  --addr ADDR            Listen address [env ORDER_CANCEL_ADDR] [default: 127.0.0.1:8787]
  --db PATH|URL          SQLite file, created with its folder if missing, or a PostgreSQL URL
                         postgres://USER:PASSWORD@HOST:PORT/DBNAME for several instances on
                         one database [env ORDER_CANCEL_DB] [default: .data/demo.sqlite]
  --policy FILE          The merchant's cancellation policy, TOML (.toml) or JSON (.json), the
                         fields of GET /v1/policy; checked at start [env ORDER_CANCEL_POLICY]
  --preset NAME          A preset policy instead: temu, tiktok_shop, amazon, independent_shop,
                         dropshipping [default: tiktok_shop]
  --jwt-secret SECRET    Accept shopper JWTs signed HS256 with SECRET (at least 32 bytes)
                         [env ORDER_CANCEL_JWT_SECRET]
  --jwt-jwks FILE        Accept shopper JWTs signed RS256/ES256 by a key in this JWKS file
  --jwt-issuer ISS       Require this iss claim [env ORDER_CANCEL_JWT_ISSUER]
  --jwt-audience AUD     Require this aud claim [env ORDER_CANCEL_JWT_AUDIENCE]
  --merchant-token TOKEN Bearer token of the store's back office (/v1/merchant/...)
                         [env ORDER_CANCEL_MERCHANT_TOKEN]
  --webhook-url URL      Send signed webhooks (Standard Webhooks) to URL; repeatable
                         [env ORDER_CANCEL_WEBHOOK_URLS, comma-separated]
  --webhook-secret whsec_BASE64
                         The signing secret, needed with --webhook-url
                         [env ORDER_CANCEL_WEBHOOK_SECRET]
  --allow-origin ORIGIN  Let a browser page on ORIGIN call the API (CORS); repeatable
                         [env ORDER_CANCEL_ALLOW_ORIGINS, comma-separated]
  --seed                 Demo mode: insert the demo orders if the database has none, accept the
                         demo tokens, allow POST /v1/merchant/demo/reset
  --seed-orders N        Like --seed, plus N synthetic orders for shopper alice
                         (benchmarks)
  --simulate SPEED       Move items along paid -> processing -> packed -> shipped -> delivered,
                         one step per 10 minutes at SPEED 1 (60: one step per 10 s)
  --rate-limit N         Requests per second to /v1 per caller (per client IP without a valid
                         token), in bursts of up to 2N; beyond that 429 with Retry-After; 0 turns
                         it off [env ORDER_CANCEL_RATE_LIMIT] [default: 50]
  --webhook-retry-ms MS  Wait before the first webhook retry, doubled per retry up to 1 h; events
                         older than 24 h are given up [default: 5000]
  --deadline-sweep-ms MS How often overdue seller decisions are looked for [default: 30000]
  --log-format FORMAT    text or json [env ORDER_CANCEL_LOG_FORMAT] [default: text]; the level
                         comes from RUST_LOG [default: info]
  -h, --help             Print this help

Demo tokens (with --seed only): demo-shopper (alice), demo-shopper-2 (bob), demo-merchant.
";

/// Where the policy comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum PolicySource {
    Preset(Preset),
    File(PathBuf),
    /// A policy built in code (tests, or a program embedding the server).
    Given(Box<Policy>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// How the webhook deliverer paces itself. The defaults suit production; tests shorten
/// them (the first retry also with `--webhook-retry-ms`).
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookTiming {
    /// Wait before the first retry; doubled for each further one.
    pub first_retry: Duration,
    /// The longest wait between two attempts.
    pub max_retry: Duration,
    /// An event not delivered this long after it happened is marked failed.
    pub give_up_after: Duration,
    /// How often the deliverer looks for due deliveries when nothing wakes it.
    pub poll: Duration,
    /// A receiver that has not answered in this time counts as a failed attempt.
    pub timeout: Duration,
}

impl Default for WebhookTiming {
    fn default() -> Self {
        WebhookTiming {
            first_retry: Duration::from_secs(5),
            max_retry: Duration::from_secs(3600),
            give_up_after: Duration::from_secs(24 * 3600),
            poll: Duration::from_secs(1),
            timeout: Duration::from_secs(10),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub addr: SocketAddr,
    /// `--db`: a SQLite file or a PostgreSQL URL.
    pub db: Database,
    pub policy: PolicySource,
    pub jwt_secret: Option<String>,
    pub jwt_jwks: Option<PathBuf>,
    pub jwt_issuer: Option<String>,
    pub jwt_audience: Option<String>,
    pub merchant_token: Option<String>,
    pub webhook_urls: Vec<String>,
    /// The `whsec_` secret as given; checked when the server starts.
    pub webhook_secret: Option<String>,
    pub log_format: LogFormat,
    /// Exact origins (`scheme://host[:port]`) allowed to call from a browser.
    pub allow_origins: Vec<String>,
    pub seed: bool,
    pub seed_orders: u32,
    /// Simulator speed; `None` leaves items where they are.
    pub simulate: Option<f64>,
    /// Requests per second per token or client IP; 0: unlimited.
    pub rate_limit: u32,
    /// How long a write waits for another process's lock before answering 503. Not a flag:
    /// tests shorten it.
    pub busy_timeout: Duration,
    pub webhook_timing: WebhookTiming,
    /// How often overdue seller decisions are looked for (`--deadline-sweep-ms`).
    pub deadline_sweep: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
            db: Database::Sqlite(PathBuf::from(".data/demo.sqlite")),
            policy: PolicySource::Preset(Preset::TiktokShop),
            jwt_secret: None,
            jwt_jwks: None,
            jwt_issuer: None,
            jwt_audience: None,
            merchant_token: None,
            webhook_urls: Vec::new(),
            webhook_secret: None,
            log_format: LogFormat::Text,
            allow_origins: Vec::new(),
            seed: false,
            seed_orders: 0,
            simulate: None,
            rate_limit: 50,
            busy_timeout: Duration::from_secs(5),
            webhook_timing: WebhookTiming::default(),
            deadline_sweep: Duration::from_secs(30),
        }
    }
}

#[derive(Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // built once per process
pub enum Command {
    Help,
    Run(Config),
    /// `policy show PRESET`: print a preset as a policy file.
    ShowPolicy {
        preset: Preset,
        format: PolicyFormat,
    },
    /// `policy check FILE`: load and validate a policy file, then exit.
    CheckPolicy(PathBuf),
}

/// The two formats of a policy file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyFormat {
    Toml,
    Json,
}

/// Parses the arguments (program name excluded), falling back to `env` for the settings
/// that have an environment variable. Flags win over the environment.
pub fn parse(
    args: impl IntoIterator<Item = OsString>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Command, String> {
    let mut args = args.into_iter().peekable();
    if args.peek().is_some_and(|a| a == "policy") {
        args.next();
        return parse_policy_command(args.map(|a| a.to_string_lossy().into_owned()).collect());
    }
    let mut config = Config::default();
    if let Some(path) = env("ORDER_CANCEL_POLICY") {
        config.policy = PolicySource::File(PathBuf::from(path));
    }
    config.jwt_secret = env("ORDER_CANCEL_JWT_SECRET");
    config.jwt_issuer = env("ORDER_CANCEL_JWT_ISSUER");
    config.jwt_audience = env("ORDER_CANCEL_JWT_AUDIENCE");
    config.merchant_token = env("ORDER_CANCEL_MERCHANT_TOKEN");
    config.webhook_secret = env("ORDER_CANCEL_WEBHOOK_SECRET");
    if let Some(urls) = env("ORDER_CANCEL_WEBHOOK_URLS") {
        for url in urls.split(',').map(str::trim).filter(|u| !u.is_empty()) {
            config.webhook_urls.push(parse_webhook_url(url)?);
        }
    }
    if let Some(format) = env("ORDER_CANCEL_LOG_FORMAT") {
        config.log_format = parse_log_format(&format)?;
    }
    if let Some(addr) = env("ORDER_CANCEL_ADDR") {
        config.addr = parse_addr(&addr)?;
    }
    if let Some(db) = env("ORDER_CANCEL_DB") {
        config.db = Database::parse(&db);
    }
    if let Some(origins) = env("ORDER_CANCEL_ALLOW_ORIGINS") {
        for origin in origins.split(',').map(str::trim).filter(|o| !o.is_empty()) {
            config.allow_origins.push(parse_origin(origin)?);
        }
    }
    if let Some(limit) = env("ORDER_CANCEL_RATE_LIMIT") {
        config.rate_limit = parse_rate_limit(&limit)?;
    }

    let mut flag_origins = Vec::new();
    let mut flag_webhooks = Vec::new();
    while let Some(arg) = args.next() {
        let arg = arg
            .into_string()
            .map_err(|a| format!("argument is not valid UTF-8: {a:?}"))?;
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_string(), Some(value.to_string()))
            }
            _ => (arg, None),
        };
        let mut value = || -> Result<String, String> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => args
                    .next()
                    .and_then(|v| v.into_string().ok())
                    .ok_or_else(|| format!("{flag} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--addr" => config.addr = parse_addr(&value()?)?,
            "--db" => config.db = Database::parse(&value()?),
            "--preset" => {
                let name = value()?;
                config.policy = PolicySource::Preset(parse_preset(&name)?);
            }
            "--policy" => config.policy = PolicySource::File(PathBuf::from(value()?)),
            "--jwt-secret" => config.jwt_secret = Some(value()?),
            "--jwt-jwks" => config.jwt_jwks = Some(PathBuf::from(value()?)),
            "--jwt-issuer" => config.jwt_issuer = Some(value()?),
            "--jwt-audience" => config.jwt_audience = Some(value()?),
            "--merchant-token" => config.merchant_token = Some(value()?),
            "--webhook-url" => flag_webhooks.push(parse_webhook_url(&value()?)?),
            "--webhook-secret" => config.webhook_secret = Some(value()?),
            "--log-format" => config.log_format = parse_log_format(&value()?)?,
            "--webhook-retry-ms" => {
                config.webhook_timing.first_retry = parse_millis(&flag, &value()?)?
            }
            "--deadline-sweep-ms" => config.deadline_sweep = parse_millis(&flag, &value()?)?,
            "--allow-origin" => flag_origins.push(parse_origin(&value()?)?),
            "--seed" if inline.is_some() => return Err("--seed takes no value".into()),
            "--seed" => config.seed = true,
            "--seed-orders" => {
                let n = value()?;
                config.seed_orders =
                    n.parse().ok().filter(|n| *n <= 1_000_000).ok_or_else(|| {
                        format!("--seed-orders takes a count up to 1000000, not {n:?}")
                    })?;
            }
            "--simulate" => {
                let speed = value()?;
                let parsed = speed
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s > 0.0 && *s <= 1e6);
                config.simulate = Some(parsed.ok_or_else(|| {
                    format!("--simulate takes a speed > 0 such as 1 or 60, not {speed:?}")
                })?);
            }
            "--rate-limit" => config.rate_limit = parse_rate_limit(&value()?)?,
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    if !flag_origins.is_empty() {
        config.allow_origins = flag_origins;
    }
    if !flag_webhooks.is_empty() {
        config.webhook_urls = flag_webhooks;
    }
    if config
        .merchant_token
        .as_deref()
        .is_some_and(|t| t.len() < 16)
    {
        return Err(
            "--merchant-token (ORDER_CANCEL_MERCHANT_TOKEN) must be at least 16 characters".into(),
        );
    }
    if !config.webhook_urls.is_empty() && config.webhook_secret.is_none() {
        return Err(
            "--webhook-url needs --webhook-secret whsec_<base64> (or ORDER_CANCEL_WEBHOOK_SECRET)"
                .into(),
        );
    }
    Ok(Command::Run(config))
}

fn parse_policy_command(args: Vec<String>) -> Result<Command, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["show", preset] => Ok(Command::ShowPolicy {
            preset: parse_preset(preset)?,
            format: PolicyFormat::Toml,
        }),
        ["show", preset, "--format", format] | ["show", "--format", format, preset] => {
            let format = match *format {
                "toml" => PolicyFormat::Toml,
                "json" => PolicyFormat::Json,
                other => return Err(format!("--format takes toml or json, not {other:?}")),
            };
            Ok(Command::ShowPolicy {
                preset: parse_preset(preset)?,
                format,
            })
        }
        ["check", file] => Ok(Command::CheckPolicy(PathBuf::from(file))),
        _ => Err("use `policy show PRESET [--format toml|json]` or `policy check FILE`".into()),
    }
}

fn parse_preset(name: &str) -> Result<Preset, String> {
    Preset::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
        format!(
            "unknown preset {name:?}; choose one of {}",
            names.join(", ")
        )
    })
}

fn parse_millis(flag: &str, text: &str) -> Result<Duration, String> {
    text.parse()
        .ok()
        .filter(|ms| (1..=3_600_000).contains(ms))
        .map(Duration::from_millis)
        .ok_or_else(|| format!("{flag} takes milliseconds from 1 to 3600000, not {text:?}"))
}

fn parse_log_format(text: &str) -> Result<LogFormat, String> {
    match text {
        "text" => Ok(LogFormat::Text),
        "json" => Ok(LogFormat::Json),
        _ => Err(format!("--log-format takes text or json, not {text:?}")),
    }
}

/// An absolute http(s) URL without credentials.
fn parse_webhook_url(text: &str) -> Result<String, String> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !rest.contains([' ', '@']) => Ok(text.to_string()),
        _ => Err(format!("--webhook-url {text:?} is not an http(s) URL such as https://shop.example/hooks/cancel")),
    }
}

fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    text.parse().map_err(|_| {
        format!(
            "{text:?} is not a listen address; use IP:PORT such as 127.0.0.1:8787 or 0.0.0.0:8787"
        )
    })
}

fn parse_rate_limit(text: &str) -> Result<u32, String> {
    text.trim().parse().ok().filter(|n| *n <= 1_000_000).ok_or_else(|| {
        format!(
            "--rate-limit (ORDER_CANCEL_RATE_LIMIT) takes requests per second up to 1000000, 0 for none, not {text:?}"
        )
    })
}

/// An origin as browsers send it: scheme, host and optional port, no path, no wildcard.
fn parse_origin(text: &str) -> Result<String, String> {
    let origin = text.trim_end_matches('/');
    let rest = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['/', '*', ' ']) => Ok(origin.to_string()),
        _ => Err(format!(
            "{text:?} is not an origin; use scheme://host[:port] such as http://localhost:8080 (no wildcards)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str], env: &[(&str, &str)]) -> Result<Config, String> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let lookup = |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        match parse(args.iter().map(OsString::from), lookup)? {
            Command::Run(config) => Ok(config),
            Command::Help => Err("help".into()),
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
    fn help() {
        assert_eq!(run(&["--seed", "--help"], &[]), Err("help".into()));
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
}

#[cfg(test)]
mod more_tests {
    use super::*;

    fn parse_args(args: &[&str], env: &[(&str, &str)]) -> Result<Command, String> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        parse(args.iter().map(OsString::from), |key| {
            env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        })
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
    fn policy_subcommands() {
        assert_eq!(
            parse_args(&["policy", "show", "amazon"], &[]),
            Ok(Command::ShowPolicy {
                preset: Preset::Amazon,
                format: PolicyFormat::Toml
            })
        );
        assert_eq!(
            parse_args(&["policy", "show", "temu", "--format", "json"], &[]),
            Ok(Command::ShowPolicy {
                preset: Preset::Temu,
                format: PolicyFormat::Json
            })
        );
        assert_eq!(
            parse_args(&["policy", "check", "p.json"], &[]),
            Ok(Command::CheckPolicy("p.json".into()))
        );
        assert!(parse_args(&["policy", "show", "ebay"], &[])
            .unwrap_err()
            .contains("unknown preset"));
        assert!(parse_args(&["policy"], &[]).is_err());
    }
}
