//! The server's settings: command-line flags and environment variables, parsed by clap
//! (`config/cli.rs`) into a [`Command`].

mod cli;
mod mail;

pub use mail::MailConfig;

use crate::db::Database;
use cancel_policy::{Policy, Preset};
use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Where the policy comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum PolicySource {
    Preset(Preset),
    File(PathBuf),
    /// A policy built in code (tests, or a program embedding the server).
    Given(Box<Policy>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
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
    /// The shopper's emails (`--smtp-url` and the `--mail-…` flags).
    pub mail: MailConfig,
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
            mail: MailConfig::default(),
        }
    }
}

/// What the command line asks for.
#[derive(Debug, PartialEq)]
#[allow(clippy::large_enum_variant)] // built once per process
pub enum Command {
    /// `-h`/`--help` anywhere: print this text (clap's, from the flags' documentation).
    Help(String),
    Run(Config),
    /// `policy show PRESET`: print a preset as a policy file.
    ShowPolicy {
        /// A preset, or a policy file (`policy show FILE`).
        source: PolicySource,
        format: PolicyFormat,
    },
    /// `policy check FILE`: load and validate a policy file, then exit.
    CheckPolicy(PathBuf),
}

/// The two formats of a policy file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PolicyFormat {
    Toml,
    Json,
}

/// A command line or environment the server cannot start with. Every message names the
/// flag (and its environment variable, where the value may come from there) and why.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// What clap itself finds (an unknown flag, a missing value, an unknown subcommand);
    /// printed the way clap prints it, with its usage line and suggestions.
    #[error(transparent)]
    Usage(#[from] clap::Error),
    #[error(transparent)]
    Invalid(#[from] InvalidValue),
    #[error("--merchant-token (ORDER_CANCEL_MERCHANT_TOKEN) must be at least 16 characters")]
    MerchantTokenTooShort,
    #[error(
        "--webhook-url needs --webhook-secret whsec_<base64> (or ORDER_CANCEL_WEBHOOK_SECRET)"
    )]
    WebhookSecretMissing,
    /// An email setting: the message names the flag and why.
    #[error("{0}")]
    Mail(String),
}

/// One flag's (or environment variable's) value that does not parse.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum InvalidValue {
    #[error(
        "{text:?} is not a listen address; use IP:PORT such as 127.0.0.1:8787 or 0.0.0.0:8787"
    )]
    Addr { text: String },
    #[error("unknown preset {name:?}; choose one of {}", preset_names())]
    Preset { name: String },
    #[error("--seed-orders takes a count up to 1000000, not {text:?}")]
    SeedOrders { text: String },
    #[error("--simulate takes a speed > 0 such as 1 or 60, not {text:?}")]
    Simulate { text: String },
    #[error("--rate-limit (ORDER_CANCEL_RATE_LIMIT) takes requests per second up to 1000000, 0 for none, not {text:?}")]
    RateLimit { text: String },
    #[error("{flag} takes milliseconds from 1 to 3600000, not {text:?}")]
    Millis { flag: &'static str, text: String },
    #[error(
        "--webhook-url {text:?} is not an http(s) URL such as https://shop.example/hooks/cancel"
    )]
    WebhookUrl { text: String },
    #[error("{text:?} is not an origin; use scheme://host[:port] such as http://localhost:8080 (no wildcards)")]
    Origin { text: String },
}

fn preset_names() -> String {
    let names: Vec<&str> = Preset::ALL.iter().map(|p| p.name()).collect();
    names.join(", ")
}

/// Parses the arguments (program name excluded) with clap. Settings that have an
/// environment variable fall back to it (clap reads the process's environment); flags win
/// over the environment.
pub fn parse<I, T>(args: I) -> Result<Command, ConfigError>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    cli::parse(args)
}
