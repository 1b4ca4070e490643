//! Per-caller rate limiting of the `/v1` API: a token bucket in memory for each bearer token
//! (each client IP for requests without a known token). One process, one map: a shared
//! store would only matter behind a load balancer, which this reference server never is.

use crate::problem::{Code, Problem};
use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::time::Instant;

/// Whom a bucket belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Caller {
    Token(String),
    Ip(IpAddr),
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

struct Buckets {
    map: HashMap<Caller, Bucket>,
    /// Size at which full buckets are dropped; doubles with what survives, so the sweep costs
    /// O(1) per request amortised however many callers there are.
    sweep_at: usize,
}

const MIN_SWEEP: usize = 1024;

pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<Buckets>,
}

impl RateLimiter {
    /// `per_second` requests per second on average, bursts of twice that.
    pub fn new(per_second: u32) -> RateLimiter {
        let per_second = f64::from(per_second.max(1));
        RateLimiter {
            per_second,
            burst: 2.0 * per_second,
            buckets: Mutex::new(Buckets { map: HashMap::new(), sweep_at: MIN_SWEEP }),
        }
    }

    /// Takes one token from `caller`'s bucket, or says in how many whole seconds (at least 1)
    /// one will be there.
    pub fn acquire(&self, caller: &Caller, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.map.len() >= buckets.sweep_at {
            // A full bucket is the same as none: forget it.
            buckets.map.retain(|_, b| self.refilled(b, now) < self.burst);
            buckets.sweep_at = (2 * buckets.map.len()).max(MIN_SWEEP);
        }
        let bucket = buckets.map.entry(caller.clone()).or_insert(Bucket { tokens: self.burst, updated: now });
        bucket.tokens = self.refilled(bucket, now);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err((((1.0 - bucket.tokens) / self.per_second).ceil() as u64).max(1))
        }
    }

    fn refilled(&self, bucket: &Bucket, now: Instant) -> f64 {
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        (bucket.tokens + elapsed * self.per_second).min(self.burst)
    }
}

/// Middleware: counts `/v1` requests (not `/healthz`, so probes never get throttled).
pub async fn limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let Some(limiter) = state.rate_limiter().filter(|_| request.uri().path().starts_with("/v1/")) else {
        return next.run(request).await;
    };
    // Only a known token gets its own bucket: inventing tokens must not buy more requests.
    let caller = match crate::auth::bearer_token(request.headers()).filter(|t| state.principal(t).is_some()) {
        Some(token) => Caller::Token(token.to_string()),
        None => Caller::Ip(
            request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(addr)| addr.ip()),
        ),
    };
    match limiter.acquire(&caller, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(seconds) => Problem::new(Code::RateLimited, format!("Too many requests; retry in {seconds} s."))
            .retry_after(seconds)
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn bursts_then_refills_at_the_rate() {
        let limiter = RateLimiter::new(2); // bursts of 4, one token per 500 ms
        let (alice, bob) = (Caller::Token("a".into()), Caller::Token("b".into()));
        let t0 = Instant::now();
        for _ in 0..4 {
            assert_eq!(limiter.acquire(&alice, t0), Ok(()));
        }
        assert_eq!(limiter.acquire(&alice, t0), Err(1));
        assert_eq!(limiter.acquire(&bob, t0), Ok(()), "buckets are per caller");
        assert_eq!(limiter.acquire(&alice, t0 + Duration::from_millis(400)), Err(1));
        assert_eq!(limiter.acquire(&alice, t0 + Duration::from_millis(600)), Ok(()));
        // A long pause refills to the burst, not beyond.
        let later = t0 + Duration::from_secs(3600);
        for _ in 0..4 {
            assert_eq!(limiter.acquire(&alice, later), Ok(()));
        }
        assert_eq!(limiter.acquire(&alice, later), Err(1));
    }

    #[test]
    fn idle_callers_are_forgotten() {
        let limiter = RateLimiter::new(1);
        let t0 = Instant::now();
        for n in 0..MIN_SWEEP as u32 {
            limiter.acquire(&Caller::Ip(IpAddr::from(n.to_be_bytes())), t0).unwrap();
        }
        limiter.acquire(&Caller::Token("late".into()), t0 + Duration::from_secs(2)).unwrap();
        let buckets = limiter.buckets.lock().unwrap();
        assert_eq!(buckets.map.len(), 1, "only the caller that has just spent a token");
    }
}
