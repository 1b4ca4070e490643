//! Per-caller rate limiting of the `/v1` API with `governor` (GCRA, the token bucket's exact
//! form): one bucket per authenticated principal, one per client IP for requests without a
//! valid token. Kept in memory: a limit per process is what a rate limit needs to protect
//! one process; behind a load balancer each instance limits its own share.

use crate::auth::Authenticated;
use crate::principal::Principal;
use crate::problem::{Code, Problem};
use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter as Gcra};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Whom a bucket belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Caller {
    Principal(Principal),
    Ip(IpAddr),
}

const MIN_SWEEP: usize = 1024;

pub struct RateLimiter<C: Clock = DefaultClock> {
    limiter: Gcra<Caller, HashMapStateStore<Caller>, C, NoOpMiddleware<C::Instant>>,
    clock: C,
    /// Size at which idle buckets are dropped; doubles with what survives, so the sweep costs
    /// O(1) per request amortised however many callers there are.
    sweep_at: AtomicUsize,
}

impl RateLimiter {
    /// `per_second` requests per second on average, bursts of twice that.
    pub fn new(per_second: u32) -> RateLimiter {
        RateLimiter::with_clock(per_second, DefaultClock::default())
    }
}

impl<C: Clock + Clone> RateLimiter<C> {
    pub fn with_clock(per_second: u32, clock: C) -> RateLimiter<C> {
        let rate = NonZeroU32::new(per_second.max(1)).expect("at least 1");
        let burst = rate.saturating_mul(NonZeroU32::new(2).expect("2 is not 0"));
        let quota = Quota::per_second(rate).allow_burst(burst);
        RateLimiter {
            limiter: Gcra::hashmap_with_clock(quota, clock.clone()),
            clock,
            sweep_at: AtomicUsize::new(MIN_SWEEP),
        }
    }

    /// Takes one request from `caller`'s allowance, or says in how many whole seconds (at
    /// least 1) the next one will be allowed.
    pub fn acquire(&self, caller: &Caller) -> Result<(), u64> {
        if self.limiter.len() >= self.sweep_at.load(Ordering::Relaxed) {
            // A bucket that has refilled is the same as none: forget it.
            self.limiter.retain_recent();
            self.limiter.shrink_to_fit();
            self.sweep_at
                .store((2 * self.limiter.len()).max(MIN_SWEEP), Ordering::Relaxed);
        }
        self.limiter.check_key(caller).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.clock.now());
            (wait.as_secs_f64().ceil() as u64).max(1)
        })
    }

    /// How many callers have a bucket right now.
    pub fn tracked_callers(&self) -> usize {
        self.limiter.len()
    }
}

/// Middleware: counts `/v1` requests (not `/healthz` or `/readyz`, so probes never get
/// throttled). Authenticates once and leaves the result for the handlers' extractors.
pub async fn limit(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let Some(limiter) = state
        .rate_limiter()
        .filter(|_| request.uri().path().starts_with("/v1/"))
    else {
        return next.run(request).await;
    };
    let authenticated = state.auth().authenticate_headers(request.headers());
    // Only a valid credential gets its own bucket: inventing tokens must not buy more requests.
    let caller = match &authenticated {
        Ok(principal) => Caller::Principal(principal.clone()),
        Err(_) => Caller::Ip(
            request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(addr)| {
                    addr.ip()
                }),
        ),
    };
    request
        .extensions_mut()
        .insert(Authenticated(authenticated));
    match limiter.acquire(&caller) {
        Ok(()) => next.run(request).await,
        Err(seconds) => Problem::new(
            Code::RateLimited,
            format!("Too many requests; retry in {seconds} s."),
        )
        .retry_after(seconds)
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;
    use std::time::Duration;

    fn shopper(id: &str) -> Caller {
        Caller::Principal(Principal::Shopper(id.into()))
    }

    #[test]
    fn bursts_then_refills_at_the_rate() {
        let clock = FakeRelativeClock::default();
        let limiter = RateLimiter::with_clock(2, clock.clone()); // bursts of 4, one request per 500 ms
        let (alice, bob) = (shopper("a"), shopper("b"));
        for _ in 0..4 {
            assert_eq!(limiter.acquire(&alice), Ok(()));
        }
        assert_eq!(limiter.acquire(&alice), Err(1));
        assert_eq!(limiter.acquire(&bob), Ok(()), "buckets are per caller");
        clock.advance(Duration::from_millis(400));
        assert_eq!(limiter.acquire(&alice), Err(1));
        clock.advance(Duration::from_millis(200));
        assert_eq!(limiter.acquire(&alice), Ok(()));
        // A long pause refills to the burst, not beyond.
        clock.advance(Duration::from_secs(3600));
        for _ in 0..4 {
            assert_eq!(limiter.acquire(&alice), Ok(()));
        }
        assert_eq!(limiter.acquire(&alice), Err(1));
    }

    #[test]
    fn idle_callers_are_forgotten() {
        let clock = FakeRelativeClock::default();
        let limiter = RateLimiter::with_clock(1, clock.clone());
        for n in 0..MIN_SWEEP as u32 {
            limiter
                .acquire(&Caller::Ip(IpAddr::from(n.to_be_bytes())))
                .unwrap();
        }
        clock.advance(Duration::from_secs(2));
        limiter.acquire(&shopper("late")).unwrap();
        assert_eq!(
            limiter.tracked_callers(),
            1,
            "only the caller that has just spent a token"
        );
    }
}
