//! Structured logs with `tracing`: one line per event, to stderr, as text or JSON. Each
//! request runs in a span carrying its request id, so every line it logs (including those
//! from database work on the blocking pool, see `Db::run`) names it.

use crate::config::LogFormat;
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. The level comes from `RUST_LOG` (default `info`).
pub fn init(format: LogFormat) {
    let mut filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // The pool warns once per connection it drops: 16 lines per instance when the database
    // goes away, which the database's health says once (`db::health`). Unless asked for.
    if !std::env::var("RUST_LOG").is_ok_and(|given| given.contains("deadpool")) {
        filter = filter.add_directive("deadpool.postgres=error".parse().expect("a directive"));
    }
    // Colours only for a person at a terminal, never into a log file or a collector.
    let ansi = std::io::stderr().is_terminal();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(ansi);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
}
