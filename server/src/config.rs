//! Command-line flags and environment variables. Hand-written: a dozen flags do not need
//! a parser crate's compile time.

use cancel_policy::{Policy, Preset};
use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

pub const USAGE: &str = "\
Usage: order-cancel-server [OPTIONS]

The reference backend of the order-cancel widget: the /v1 HTTP API over SQLite.

Options:
  --addr ADDR            Listen address [env ORDER_CANCEL_ADDR] [default: 127.0.0.1:8787]
  --db PATH              SQLite file, created with its folder if missing
                         [env ORDER_CANCEL_DB] [default: .data/demo.sqlite]
  --preset NAME          Cancellation policy: temu, tiktok_shop, amazon, independent_shop,
                         dropshipping [default: tiktok_shop]
  --allow-origin ORIGIN  Let a browser page on ORIGIN call the API (CORS); repeatable
                         [env ORDER_CANCEL_ALLOW_ORIGINS, comma-separated]
  --seed                 Insert the demo orders and tokens if the database has no orders
  --seed-orders N        Like --seed, plus N synthetic orders for shopper alice
                         (benchmarks)
  --simulate SPEED       Move items along paid -> processing -> packed -> shipped -> delivered,
                         one step per 10 minutes at SPEED 1 (60: one step per 10 s)
  --rate-limit N         Requests per second to /v1 per bearer token (per client IP without
                         one), in bursts of up to 2N; beyond that 429 with Retry-After; 0 turns
                         it off [env ORDER_CANCEL_RATE_LIMIT] [default: 50]
  -h, --help             Print this help

Demo tokens (with --seed): demo-shopper (alice), demo-shopper-2 (bob), demo-merchant.
";

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub addr: SocketAddr,
    pub db_path: PathBuf,
    pub preset: Preset,
    /// A merchant's own policy, used instead of `preset` (e.g. a free-cancellation window,
    /// which no seed preset has). Not a flag yet: tests set it.
    pub policy: Option<Policy>,
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
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8787)),
            db_path: PathBuf::from(".data/demo.sqlite"),
            preset: Preset::TiktokShop,
            policy: None,
            allow_origins: Vec::new(),
            seed: false,
            seed_orders: 0,
            simulate: None,
            rate_limit: 50,
            busy_timeout: Duration::from_secs(5),
        }
    }
}

#[derive(Debug, PartialEq)]
pub enum Command {
    Help,
    Run(Config),
}

/// Parses the arguments (program name excluded), falling back to `env` for the settings
/// that have an environment variable. Flags win over the environment.
pub fn parse(
    args: impl IntoIterator<Item = OsString>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Command, String> {
    let mut config = Config::default();
    if let Some(addr) = env("ORDER_CANCEL_ADDR") {
        config.addr = parse_addr(&addr)?;
    }
    if let Some(db) = env("ORDER_CANCEL_DB") {
        config.db_path = PathBuf::from(db);
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
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let arg = arg.into_string().map_err(|a| format!("argument is not valid UTF-8: {a:?}"))?;
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_string(), Some(value.to_string())),
            _ => (arg, None),
        };
        let mut value = || -> Result<String, String> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => args.next().and_then(|v| v.into_string().ok()).ok_or_else(|| format!("{flag} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--addr" => config.addr = parse_addr(&value()?)?,
            "--db" => config.db_path = PathBuf::from(value()?),
            "--preset" => {
                let name = value()?;
                config.preset = Preset::parse(&name).ok_or_else(|| {
                    let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
                    format!("unknown preset {name:?}; choose one of {}", names.join(", "))
                })?;
            }
            "--allow-origin" => flag_origins.push(parse_origin(&value()?)?),
            "--seed" if inline.is_some() => return Err("--seed takes no value".into()),
            "--seed" => config.seed = true,
            "--seed-orders" => {
                let n = value()?;
                config.seed_orders = n
                    .parse()
                    .ok()
                    .filter(|n| *n <= 1_000_000)
                    .ok_or_else(|| format!("--seed-orders takes a count up to 1000000, not {n:?}"))?;
            }
            "--simulate" => {
                let speed = value()?;
                let parsed = speed.parse::<f64>().ok().filter(|s| s.is_finite() && *s > 0.0 && *s <= 1e6);
                config.simulate =
                    Some(parsed.ok_or_else(|| format!("--simulate takes a speed > 0 such as 1 or 60, not {speed:?}"))?);
            }
            "--rate-limit" => config.rate_limit = parse_rate_limit(&value()?)?,
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    if !flag_origins.is_empty() {
        config.allow_origins = flag_origins;
    }
    Ok(Command::Run(config))
}

fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    text.parse()
        .map_err(|_| format!("{text:?} is not a listen address; use IP:PORT such as 127.0.0.1:8787 or 0.0.0.0:8787"))
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
    let rest = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
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
        let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let lookup = |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        match parse(args.iter().map(OsString::from), lookup)? {
            Command::Run(config) => Ok(config),
            Command::Help => Err("help".into()),
        }
    }

    #[test]
    fn defaults() {
        assert_eq!(run(&[], &[]), Ok(Config::default()));
        assert_eq!(Config::default().preset, Preset::TiktokShop);
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
        assert_eq!(c.db_path, PathBuf::from("/tmp/x.sqlite"));
        assert_eq!(c.preset, Preset::Amazon);
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
        assert_eq!(c.db_path, PathBuf::from("env.sqlite"));
        assert_eq!(c.allow_origins, ["http://a.test", "http://b.test"]);
        let c = run(&["--addr", "127.0.0.1:5", "--allow-origin", "http://c.test"], &env).unwrap();
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
        ] {
            let err = run(args, &[]).unwrap_err();
            assert!(!err.is_empty() && err != "help", "{args:?}");
        }
    }
}
