//! The reference backend of the order-cancel widget: the `/v1` HTTP API over SQLite, with
//! `cancel_policy` enforcing every rule inside the transaction that changes an order.
//!
//! [`Server::bind`] opens the database, seeds it if asked and binds the socket;
//! [`Server::run`] serves until a shutdown future resolves. The binary and the integration
//! tests both go through these two calls.

pub mod auth;
pub mod cancellations;
pub mod clock;
pub mod config;
pub mod cors;
pub mod db;
pub mod extract;
pub mod http;
pub mod ids;
pub mod problem;
pub mod rate_limit;
pub mod seed;
pub mod simulator;

use auth::Principal;
use cancel_policy::{Policy, PolicyError, Timestamp};
use clock::Clock;
use config::Config;
use db::{Db, DbError};
use rate_limit::RateLimiter;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Idempotency records are kept at least this long.
const IDEMPOTENCY_TTL_SECS: i64 = 24 * 60 * 60;

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    db: Db,
    policy: Policy,
    clock: Clock,
    /// Read once at start-up: tokens only change by seeding.
    tokens: HashMap<String, Principal>,
    allow_origins: Vec<String>,
    /// `None` when the limit is off.
    rate_limiter: Option<RateLimiter>,
    /// (shopper, idempotency key) of cancellations being processed right now.
    in_flight: Mutex<HashSet<(String, String)>>,
}

impl AppState {
    pub fn db(&self) -> &Db {
        &self.0.db
    }
    pub fn policy(&self) -> &Policy {
        &self.0.policy
    }
    pub fn now(&self) -> Timestamp {
        (self.0.clock)()
    }
    pub fn principal(&self, token: &str) -> Option<Principal> {
        self.0.tokens.get(token).cloned()
    }
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.0.allow_origins.iter().any(|o| o == origin)
    }
    pub fn rate_limiter(&self) -> Option<&RateLimiter> {
        self.0.rate_limiter.as_ref()
    }

    /// Marks a request as in flight; `None` if it already is. Dropping the guard ends it.
    pub fn begin_request(&self, shopper_id: &str, key: &str) -> Option<InFlight> {
        let entry = (shopper_id.to_string(), key.to_string());
        let mut set = self.0.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        set.insert(entry.clone()).then(|| InFlight { state: self.clone(), entry })
    }
}

/// An idempotency key being processed; removed from the in-flight set on drop.
pub struct InFlight {
    state: AppState,
    entry: (String, String),
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.state.0.in_flight.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.entry);
    }
}

#[derive(Debug)]
pub enum StartError {
    Policy(PolicyError),
    Db(DbError),
    Bind(SocketAddr, std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Policy(e) => write!(f, "invalid cancellation policy: {e}"),
            StartError::Db(e) => write!(f, "cannot open the database: {e}"),
            StartError::Bind(addr, e) => write!(f, "cannot listen on {addr}: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

impl From<DbError> for StartError {
    fn from(e: DbError) -> Self {
        StartError::Db(e)
    }
}

/// A bound, ready server.
pub struct Server {
    listener: tokio::net::TcpListener,
    local_addr: SocketAddr,
    state: AppState,
    config: Config,
}

impl Server {
    pub async fn bind(config: Config, clock: Clock) -> Result<Server, StartError> {
        let policy = config.policy.clone().unwrap_or_else(|| config.preset.policy());
        policy.validate().map_err(StartError::Policy)?;
        let (path, busy_timeout) = (config.db_path.clone(), config.busy_timeout);
        let db = tokio::task::spawn_blocking(move || Db::open(&path, busy_timeout))
            .await
            .map_err(|e| DbError::TaskFailed(e.to_string()))??;
        let now = clock();
        let seed_orders = config.seed_orders;
        let seed = config.seed || seed_orders > 0;
        let tokens = db
            .run(move |conn| {
                if seed {
                    let inserted = seed::seed(conn, now, seed_orders)?;
                    if inserted > 0 {
                        eprintln!("order-cancel-server: seeded {inserted} orders");
                    }
                }
                db::purge_idempotency(conn, now.unix() - IDEMPOTENCY_TTL_SECS)?;
                db::load_tokens(conn)
            })
            .await?;
        if tokens.is_empty() {
            eprintln!("order-cancel-server: the database has no API tokens; start with --seed for the demo ones");
        }
        let listener =
            tokio::net::TcpListener::bind(config.addr).await.map_err(|e| StartError::Bind(config.addr, e))?;
        let local_addr = listener.local_addr().map_err(|e| StartError::Bind(config.addr, e))?;
        let state = AppState(Arc::new(Inner {
            db,
            policy,
            clock,
            tokens,
            allow_origins: config.allow_origins.clone(),
            rate_limiter: (config.rate_limit > 0).then(|| RateLimiter::new(config.rate_limit)),
            in_flight: Mutex::new(HashSet::new()),
        }));
        Ok(Server { listener, local_addr, state, config })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The one line the binary prints once it is ready.
    pub fn banner(&self) -> String {
        format!(
            "order-cancel-server listening on http://{} (policy {}, db {})",
            self.local_addr,
            self.state.policy().name,
            self.config.db_path.display()
        )
    }

    /// Serves until `shutdown` resolves, then finishes the requests in progress.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let mut background = vec![tokio::spawn(purge_idempotency_hourly(self.state.clone()))];
        if let Some(speed) = self.config.simulate {
            background.push(tokio::spawn(simulator::run(self.state.db().clone(), self.state.0.clock.clone(), speed)));
        }
        // The peer address keys the rate limit of requests without a token.
        let app = http::router(self.state).into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, app).with_graceful_shutdown(shutdown).await;
        for task in background {
            task.abort();
        }
        served
    }
}

async fn purge_idempotency_hourly(state: AppState) {
    let mut interval = tokio::time::interval(Duration::from_secs(3600));
    interval.tick().await; // the first tick is immediate; start-up already purged
    loop {
        interval.tick().await;
        let before = state.now().unix() - IDEMPOTENCY_TTL_SECS;
        if let Err(e) = state.db().run(move |conn| db::purge_idempotency(conn, before)).await {
            eprintln!("order-cancel-server: purging idempotency records: {e}");
        }
    }
}
