//! The reference backend of the order-cancel widget: the `/v1` HTTP API over SQLite (one
//! machine) or PostgreSQL (several instances on one database), with `cancel_policy`
//! enforcing every rule inside the transaction that changes an order.
//!
//! [`Server::bind`] checks the configuration, opens the database, seeds it if asked and
//! binds the socket; [`Server::run`] serves until a shutdown future resolves, with the
//! background jobs (webhook deliverer, deadline sweep, simulator, idempotency purge). The
//! binary and the integration tests both go through these two calls.
//!
//! Module layers, leaves first: `principal`, `fulfilment`, `problem`, `ids`, `clock` → `db`,
//! `jwt`, `outbox`, `webhooks` → `auth`, `shopper_write`, `cancellations`, `parcel_requests`,
//! `order_sync`, `deadlines`, `simulator`, `seed` → `respond` → `http`, `merchant`,
//! `merchant_records`, `cors`, `rate_limit` → this file (its `AppState`, taken by handlers).

pub mod auth;
pub mod cancellations;
pub mod clock;
pub mod config;
pub mod cors;
pub mod db;
pub mod deadlines;
pub mod extract;
pub mod fulfilment;
pub mod http;
pub mod ids;
pub mod jwt;
pub mod logging;
pub mod mail;
pub mod merchant;
pub mod merchant_records;
pub mod notify;
pub mod order_sync;
pub mod outbox;
pub mod parcel_requests;
pub mod policy_file;
pub mod principal;
pub mod problem;
pub mod rate_limit;
pub mod refunds;
pub mod respond;
pub mod seed;
pub mod shopper_write;
pub mod simulator;
pub mod webhooks;

use auth::Authenticator;
use cancel_policy::{Policy, Timestamp};
use clock::Clock;
use config::{Config, PolicySource};
use db::{Db, DbError};
use rate_limit::RateLimiter;
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::Notify;
use webhooks::Webhooks;

/// Idempotency records are kept at least this long.
const IDEMPOTENCY_TTL_SECS: i64 = 24 * 60 * 60;

/// What every handler shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    db: Db,
    /// The live policy: replaced whole by `PUT /v1/merchant/policy`, read per request.
    policy: RwLock<Arc<Policy>>,
    clock: Clock,
    auth: Authenticator,
    allow_origins: Vec<String>,
    /// `None` when the limit is off.
    rate_limiter: Option<RateLimiter>,
    /// (shopper, idempotency key) of cancellations being processed right now.
    in_flight: Mutex<HashSet<(String, String)>>,
    webhooks: Option<Webhooks>,
    /// Wakes the webhook deliverer after an event is committed.
    wake_deliverer: Arc<Notify>,
    /// Where events go (webhooks, emails), for the writes that record them.
    notifier: notify::Notifier,
    /// The emails' sending side, when `--smtp-url` is given.
    mailer: Option<mail::Mailer>,
    /// Wakes the email sender after an email is committed.
    wake_mailer: Arc<Notify>,
    /// `Some(synthetic orders)` in demo mode (`--seed`).
    demo: Option<u32>,
}

impl AppState {
    pub fn db(&self) -> &Db {
        &self.0.db
    }
    /// The policy in force now (a handle: never copied per request).
    pub fn policy(&self) -> Arc<Policy> {
        self.0
            .policy
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
    pub fn set_policy(&self, policy: Policy) {
        *self.0.policy.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(policy);
    }
    pub fn now(&self) -> Timestamp {
        (self.0.clock)()
    }
    pub fn auth(&self) -> &Authenticator {
        &self.0.auth
    }
    pub fn allow_origins(&self) -> &[String] {
        &self.0.allow_origins
    }
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.0.allow_origins.iter().any(|o| o == origin)
    }
    pub fn rate_limiter(&self) -> Option<&RateLimiter> {
        self.0.rate_limiter.as_ref()
    }
    /// Where events go: what a write passes to the outboxes.
    pub fn notifier(&self) -> &notify::Notifier {
        &self.0.notifier
    }
    /// The webhook endpoints, when webhooks are on.
    pub fn webhook_endpoints(&self) -> Option<Vec<String>> {
        self.0.webhooks.as_ref().map(|w| w.endpoints.clone())
    }
    /// Call after committing a transaction that wrote outbox rows.
    pub fn events_written(&self) {
        self.0.wake_deliverer.notify_one();
        self.0.wake_mailer.notify_one();
    }
    /// The number of synthetic orders to seed, in demo mode.
    pub fn demo(&self) -> Option<u32> {
        self.0.demo
    }

    /// Marks a request as in flight; `None` if it already is. Dropping the guard ends it.
    pub fn begin_request(&self, shopper_id: &str, key: &str) -> Option<InFlight> {
        let entry = (shopper_id.to_string(), key.to_string());
        let mut set = self.0.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        set.insert(entry.clone()).then(|| InFlight {
            state: self.clone(),
            entry,
        })
    }
}

/// An idempotency key being processed; removed from the in-flight set on drop.
pub struct InFlight {
    state: AppState,
    entry: (String, String),
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.state
            .0
            .in_flight
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.entry);
    }
}

/// Why the server did not start; each message is what the operator reads.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A setting is unusable: the message names it and why.
    #[error("{0}")]
    Config(String),
    #[error("cannot open the database: {0}")]
    Db(#[from] DbError),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
}

/// The policy the configuration names, validated.
pub fn load_policy(source: &PolicySource) -> Result<Policy, String> {
    match source {
        PolicySource::Preset(preset) => {
            let policy = preset.policy();
            policy
                .validate()
                .map_err(|e| format!("invalid preset {}: {e}", preset.name()))?;
            Ok(policy)
        }
        PolicySource::File(path) => policy_file::load(path),
        PolicySource::Given(policy) => {
            policy
                .validate()
                .map_err(|e| format!("invalid policy {}: {e}", policy.name))?;
            Ok((**policy).clone())
        }
    }
}

fn authenticator(config: &Config) -> Result<Authenticator, String> {
    let jwt = jwt::JwtVerifier::new(
        config.jwt_secret.as_deref(),
        config.jwt_jwks.as_deref(),
        config.jwt_issuer.clone(),
        config.jwt_audience.clone(),
    )?;
    let demo: HashMap<String, principal::Principal> = if config.seed || config.seed_orders > 0 {
        seed::demo_tokens()
            .into_iter()
            .map(|(t, p)| (t.to_string(), p))
            .collect()
    } else {
        HashMap::new()
    };
    Ok(Authenticator::new(
        config.merchant_token.as_deref(),
        jwt,
        demo,
    ))
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
        let policy = load_policy(&config.policy).map_err(StartError::Config)?;
        let auth = authenticator(&config).map_err(StartError::Config)?;
        if !auth.accepts_anything() {
            tracing::warn!("no credentials configured: give --jwt-secret/--jwt-jwks and --merchant-token (or --seed for the demo tokens)");
        }
        let webhooks = match (&config.webhook_secret, config.webhook_urls.is_empty()) {
            (Some(secret), false) => Some(Webhooks {
                endpoints: config.webhook_urls.clone(),
                secret: webhooks::Secret::parse(secret).map_err(StartError::Config)?,
            }),
            _ => None,
        };
        let mailer = mail::setup(&config.mail).map_err(StartError::Config)?;
        let notifier = notify::Notifier {
            webhooks: webhooks.as_ref().map(|w| w.endpoints.clone()),
            mail: mailer.as_ref().map(|m| m.mailing.clone()),
        };
        let db = Db::open_any(&config.db, config.busy_timeout).await?;
        let now = clock();
        let seed_orders = config.seed_orders;
        let demo = (config.seed || seed_orders > 0).then_some(seed_orders);
        db.run(move |conn| {
            if demo.is_some() {
                let inserted = seed::seed(conn, now, seed_orders)?;
                if inserted > 0 {
                    tracing::info!(orders = inserted, "seeded the demo data");
                }
            }
            // A write (READ COMMITTED): two instances purging at once each delete what the
            // other has not, where a snapshot read would fail one of them.
            db::write(conn, |tx| {
                db::purge_idempotency(tx, now.unix() - IDEMPOTENCY_TTL_SECS)
            })
        })
        .await?;
        let listener = tokio::net::TcpListener::bind(config.addr)
            .await
            .map_err(|e| StartError::Bind(config.addr, e))?;
        let local_addr = listener
            .local_addr()
            .map_err(|e| StartError::Bind(config.addr, e))?;
        let state = AppState(Arc::new(Inner {
            db,
            policy: RwLock::new(Arc::new(policy)),
            clock,
            auth,
            allow_origins: config.allow_origins.clone(),
            rate_limiter: (config.rate_limit > 0).then(|| RateLimiter::new(config.rate_limit)),
            in_flight: Mutex::new(HashSet::new()),
            webhooks,
            wake_deliverer: Arc::new(Notify::new()),
            notifier,
            mailer,
            wake_mailer: Arc::new(Notify::new()),
            demo,
        }));
        Ok(Server {
            listener,
            local_addr,
            state,
            config,
        })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The one line the binary prints once it is ready.
    pub fn banner(&self) -> String {
        let policy = match &self.config.policy {
            PolicySource::Preset(preset) => format!("preset {}", preset.name()),
            PolicySource::File(path) => format!("policy {}", path.display()),
            PolicySource::Given(policy) => format!("policy {}", policy.name),
        };
        let emails = match &self.config.mail.smtp_url {
            Some(url) => format!("emails via {}", mail::smtp::masked(url)),
            None => "no emails".into(),
        };
        format!(
            "order-cancel-server listening on http://{} ({policy}, db {}, {} webhook endpoint(s), {emails})",
            self.local_addr,
            self.config.db,
            self.config.webhook_urls.len()
        )
    }

    /// Serves until `shutdown` resolves, then finishes the requests in progress.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let state = self.state;
        let mut background = vec![tokio::spawn(purge_idempotency_hourly(state.clone()))];
        if let Some(speed) = self.config.simulate {
            background.push(tokio::spawn(simulator::run(
                state.db().clone(),
                state.0.clock.clone(),
                speed,
            )));
        }
        if let Some(speed) = self.config.simulate {
            background.push(tokio::spawn(refunds::settle_by_themselves(
                state.clone(),
                speed,
            )));
        }
        if let Some(mailer) = &state.0.mailer {
            let sender = mailer.sender(state.db().clone(), state.0.wake_mailer.clone());
            background.push(tokio::spawn(sender.run()));
        }
        background.push(tokio::spawn(sweep_deadlines(
            state.clone(),
            self.config.deadline_sweep,
        )));
        if let Some(hooks) = &state.0.webhooks {
            let deliverer = webhooks::deliver::Deliverer::new(
                state.db().clone(),
                hooks.secret.clone(),
                self.config.webhook_timing.clone(),
                state.0.wake_deliverer.clone(),
            );
            background.push(tokio::spawn(deliverer.run()));
        }
        // The peer address keys the rate limit of requests without a token.
        let app = http::router(state).into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await;
        for task in background {
            task.abort();
        }
        served
    }
}

async fn purge_idempotency_hourly(state: AppState) {
    let mut interval = tokio::time::interval(Duration::from_secs(3600));
    interval.tick().await; // the first tick is immediate; start-up already purged
    let mut health = db::JobHealth::new("idempotency purge");
    loop {
        interval.tick().await;
        let before = state.now().unix() - IDEMPOTENCY_TTL_SECS;
        let purged = state
            .db()
            .run(move |conn| db::write(conn, |tx| db::purge_idempotency(tx, before)))
            .await;
        health.after(&purged);
    }
}

/// Decides overdue seller requests every `every`, starting at once (a restart catches up).
async fn sweep_deadlines(state: AppState, every: Duration) {
    let mut interval = tokio::time::interval(every);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut health = db::JobHealth::new("deadline sweep");
    loop {
        interval.tick().await;
        let (policy, notifier, now) = (state.policy(), state.notifier().clone(), state.now());
        let swept = state
            .db()
            .run(move |conn| deadlines::sweep(conn, &policy, &notifier, now))
            .await;
        health.after(&swept);
        if swept.is_ok_and(|n| n > 0) {
            state.events_written();
        }
    }
}
