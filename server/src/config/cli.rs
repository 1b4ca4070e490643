//! The command line as clap's derive sees it: every flag, its environment variable, its
//! default and its help text, then the checks that span several flags.

use super::{Command, Config, ConfigError, InvalidValue, LogFormat, PolicyFormat, PolicySource};
use crate::db::Database;
use cancel_policy::Preset;
use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::error::Error as _;
use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

const USAGE: &str = "order-cancel-server [OPTIONS]
       order-cancel-server policy show PRESET|FILE [--format toml|json]
       order-cancel-server policy check FILE";

/// The reference backend of the order-cancel widget: the /v1 HTTP API over SQLite or
/// PostgreSQL.
#[derive(Parser, Debug)]
#[command(
    name = "order-cancel-server",
    override_usage = USAGE,
    after_help = "Demo tokens (with --seed only): demo-shopper (alice), demo-shopper-2 (bob), demo-merchant.",
    // The last of a repeated flag wins, as with most Unix tools.
    args_override_self = true,
    args_conflicts_with_subcommands = true,
    disable_help_subcommand = true,
    max_term_width = 100
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Subcommands>,
    #[command(flatten)]
    run: RunArgs,
    #[command(flatten)]
    mail: super::mail::MailArgs,
}

#[derive(Subcommand, Debug)]
enum Subcommands {
    /// Print a preset as a policy file, or check a policy file
    #[command(subcommand)]
    Policy(PolicyCommand),
}

#[derive(Subcommand, Debug)]
enum PolicyCommand {
    /// Print a preset as a policy file to start from, or a policy file as the server reads it
    Show {
        /// temu, tiktok_shop, amazon, independent_shop or dropshipping; or a .toml/.json file
        #[arg(value_parser = preset_or_file)]
        preset: PolicySource,
        /// The file's format
        #[arg(long, value_enum, default_value_t = PolicyFormat::Toml)]
        format: PolicyFormat,
    },
    /// Load and check a policy file (.toml or .json), then exit
    Check {
        /// The policy file
        file: PathBuf,
    },
}

/// The flags that start the server.
#[derive(clap::Args, Debug)]
struct RunArgs {
    /// Listen address
    #[arg(long, env = "ORDER_CANCEL_ADDR", default_value = "127.0.0.1:8787", value_parser = addr)]
    addr: SocketAddr,
    /// SQLite file, created with its folder if missing, or a PostgreSQL URL
    /// postgres://USER:PASSWORD@HOST:PORT/DBNAME for several instances on one database
    #[arg(
        long,
        value_name = "PATH|URL",
        env = "ORDER_CANCEL_DB",
        default_value = ".data/demo.sqlite"
    )]
    db: String,
    /// The merchant's cancellation policy, TOML (.toml) or JSON (.json), the fields of
    /// GET /v1/policy; checked at start
    #[arg(long, value_name = "FILE", env = "ORDER_CANCEL_POLICY")]
    policy: Option<PathBuf>,
    /// A preset policy instead: temu, tiktok_shop, amazon, independent_shop, dropshipping
    #[arg(long, value_name = "NAME", default_value = "tiktok_shop", value_parser = preset)]
    preset: Preset,
    /// Accept shopper JWTs signed HS256 with SECRET (at least 32 bytes)
    #[arg(long, value_name = "SECRET", env = "ORDER_CANCEL_JWT_SECRET")]
    jwt_secret: Option<String>,
    /// Accept shopper JWTs signed RS256/ES256 by a key in this JWKS file
    #[arg(long, value_name = "FILE")]
    jwt_jwks: Option<PathBuf>,
    /// Require this iss claim
    #[arg(long, value_name = "ISS", env = "ORDER_CANCEL_JWT_ISSUER")]
    jwt_issuer: Option<String>,
    /// Require this aud claim
    #[arg(long, value_name = "AUD", env = "ORDER_CANCEL_JWT_AUDIENCE")]
    jwt_audience: Option<String>,
    /// Bearer token of the store's back office (/v1/merchant/...), at least 16 characters
    #[arg(long, value_name = "TOKEN", env = "ORDER_CANCEL_MERCHANT_TOKEN")]
    merchant_token: Option<String>,
    /// Send signed webhooks (Standard Webhooks) to URL; repeatable or comma-separated
    #[arg(long = "webhook-url", value_name = "URL", env = "ORDER_CANCEL_WEBHOOK_URLS",
          value_delimiter = ',', value_parser = webhook_url)]
    webhook_urls: Vec<Option<String>>,
    /// The signing secret, needed with --webhook-url
    #[arg(long, value_name = "whsec_BASE64", env = "ORDER_CANCEL_WEBHOOK_SECRET")]
    webhook_secret: Option<String>,
    /// Let a browser page on ORIGIN call the API (CORS); repeatable or comma-separated
    #[arg(long = "allow-origin", value_name = "ORIGIN", env = "ORDER_CANCEL_ALLOW_ORIGINS",
          value_delimiter = ',', value_parser = origin)]
    allow_origins: Vec<Option<String>>,
    /// Demo mode: insert the demo orders if the database has none, accept the demo tokens,
    /// allow POST /v1/merchant/demo/reset
    #[arg(long)]
    seed: bool,
    /// Like --seed, plus N synthetic orders for shopper alice (benchmarks)
    #[arg(long, value_name = "N", value_parser = seed_orders)]
    seed_orders: Option<u32>,
    /// Move items along paid -> processing -> packed -> shipped -> delivered, one step per
    /// 10 minutes at SPEED 1 (60: one step per 10 s)
    #[arg(long, value_name = "SPEED", value_parser = simulate)]
    simulate: Option<f64>,
    /// Requests per second to /v1 per caller (per client IP without a valid token), in bursts
    /// of up to 2N; beyond that 429 with Retry-After; 0 turns it off
    #[arg(long, value_name = "N", env = "ORDER_CANCEL_RATE_LIMIT", default_value = "50",
          value_parser = rate_limit)]
    rate_limit: u32,
    /// Wait before the first webhook retry, doubled per retry up to 1 h; events older than
    /// 24 h are given up
    #[arg(long, value_name = "MS", default_value = "5000",
          value_parser = |text: &str| millis("--webhook-retry-ms", text))]
    webhook_retry_ms: Duration,
    /// How often overdue seller decisions are looked for
    #[arg(long, value_name = "MS", default_value = "30000",
          value_parser = |text: &str| millis("--deadline-sweep-ms", text))]
    deadline_sweep_ms: Duration,
    /// Log lines as text or json; the level comes from RUST_LOG (default: info)
    #[arg(long, value_name = "FORMAT", env = "ORDER_CANCEL_LOG_FORMAT", value_enum,
          default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

pub(super) fn parse<I, T>(args: I) -> Result<Command, ConfigError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let argv = std::iter::once(OsString::from("order-cancel-server"))
        .chain(args.into_iter().map(Into::into));
    // Environment values may be secrets: --help names each variable, never its value.
    let command = Cli::command().mut_args(|arg| arg.hide_env_values(true));
    let matches = match command.try_get_matches_from(argv) {
        Ok(matches) => matches,
        Err(e) if e.kind() == ErrorKind::DisplayHelp => {
            return Ok(Command::Help(e.render().to_string()))
        }
        Err(e) => return Err(own_error(e)),
    };
    let cli = Cli::from_arg_matches(&matches).map_err(own_error)?;
    Ok(match cli.command {
        Some(Subcommands::Policy(PolicyCommand::Show { preset, format })) => Command::ShowPolicy {
            source: preset,
            format,
        },
        Some(Subcommands::Policy(PolicyCommand::Check { file })) => Command::CheckPolicy(file),
        None => Command::Run(Config {
            mail: cli.mail.into_config()?,
            ..cli.run.into_config(&matches)?
        }),
    })
}

/// A value our own parsers refused comes back as our error, in our words; anything else
/// clap found stays clap's.
fn own_error(e: clap::Error) -> ConfigError {
    match e.source().and_then(|s| s.downcast_ref::<InvalidValue>()) {
        Some(invalid) => ConfigError::Invalid(invalid.clone()),
        None => ConfigError::Usage(e),
    }
}

impl RunArgs {
    fn into_config(self, matches: &ArgMatches) -> Result<Config, ConfigError> {
        let policy = match self.policy {
            Some(file) if !preset_given_after_policy(matches) => PolicySource::File(file),
            _ => PolicySource::Preset(self.preset),
        };
        let config = Config {
            addr: self.addr,
            db: Database::parse(&self.db),
            policy,
            jwt_secret: self.jwt_secret,
            jwt_jwks: self.jwt_jwks,
            jwt_issuer: self.jwt_issuer,
            jwt_audience: self.jwt_audience,
            merchant_token: self.merchant_token,
            webhook_urls: self.webhook_urls.into_iter().flatten().collect(),
            webhook_secret: self.webhook_secret,
            log_format: self.log_format,
            allow_origins: self.allow_origins.into_iter().flatten().collect(),
            seed: self.seed,
            seed_orders: self.seed_orders.unwrap_or(0),
            simulate: self.simulate,
            rate_limit: self.rate_limit,
            webhook_timing: super::WebhookTiming {
                first_retry: self.webhook_retry_ms,
                ..Default::default()
            },
            deadline_sweep: self.deadline_sweep_ms,
            ..Config::default()
        };
        if config
            .merchant_token
            .as_deref()
            .is_some_and(|t| t.len() < 16)
        {
            return Err(ConfigError::MerchantTokenTooShort);
        }
        if !config.webhook_urls.is_empty() && config.webhook_secret.is_none() {
            return Err(ConfigError::WebhookSecretMissing);
        }
        Ok(config)
    }
}

/// `--policy` and `--preset` both name the policy: a `--preset` flag wins over
/// ORDER_CANCEL_POLICY, and of the two flags the later one wins.
fn preset_given_after_policy(matches: &ArgMatches) -> bool {
    let on_command_line = |id| matches.value_source(id) == Some(ValueSource::CommandLine);
    match (on_command_line("preset"), on_command_line("policy")) {
        (false, _) => false,
        (true, false) => true,
        (true, true) => matches.index_of("preset") > matches.index_of("policy"),
    }
}

fn addr(text: &str) -> Result<SocketAddr, InvalidValue> {
    text.parse()
        .map_err(|_| InvalidValue::Addr { text: text.into() })
}

fn preset(name: &str) -> Result<Preset, InvalidValue> {
    Preset::parse(name).ok_or_else(|| InvalidValue::Preset { name: name.into() })
}

/// `policy show`'s argument: a preset's name, or a policy file by its extension.
fn preset_or_file(text: &str) -> Result<PolicySource, InvalidValue> {
    let lower = text.to_ascii_lowercase();
    if lower.ends_with(".toml") || lower.ends_with(".json") {
        return Ok(PolicySource::File(text.into()));
    }
    preset(text).map(PolicySource::Preset)
}

fn seed_orders(text: &str) -> Result<u32, InvalidValue> {
    text.parse()
        .ok()
        .filter(|n| *n <= 1_000_000)
        .ok_or_else(|| InvalidValue::SeedOrders { text: text.into() })
}

fn simulate(text: &str) -> Result<f64, InvalidValue> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 1e6)
        .ok_or_else(|| InvalidValue::Simulate { text: text.into() })
}

fn rate_limit(text: &str) -> Result<u32, InvalidValue> {
    text.trim()
        .parse()
        .ok()
        .filter(|n| *n <= 1_000_000)
        .ok_or_else(|| InvalidValue::RateLimit { text: text.into() })
}

pub(super) fn millis(flag: &'static str, text: &str) -> Result<Duration, InvalidValue> {
    text.parse()
        .ok()
        .filter(|ms| (1..=3_600_000).contains(ms))
        .map(Duration::from_millis)
        .ok_or_else(|| InvalidValue::Millis {
            flag,
            text: text.into(),
        })
}

/// One item of a comma-separated list: blank items (`a,,b`, a trailing comma, an empty
/// variable) are skipped.
fn list_item(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

/// An absolute http(s) URL without credentials.
fn webhook_url(text: &str) -> Result<Option<String>, InvalidValue> {
    let Some(url) = list_item(text) else {
        return Ok(None);
    };
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !rest.contains([' ', '@']) => {
            Ok(Some(url.to_string()))
        }
        _ => Err(InvalidValue::WebhookUrl { text: url.into() }),
    }
}

/// An origin as browsers send it: scheme, host and optional port, no path, no wildcard.
fn origin(text: &str) -> Result<Option<String>, InvalidValue> {
    let Some(item) = list_item(text) else {
        return Ok(None);
    };
    let origin = item.trim_end_matches('/');
    let rest = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(['/', '*', ' ']) => {
            Ok(Some(origin.to_string()))
        }
        _ => Err(InvalidValue::Origin { text: item.into() }),
    }
}
