//! Whether this instance can reach its database, told once per change: one WARN when it is
//! lost, one INFO when it is back (how long, how many requests were turned away), instead
//! of an error per request. Background jobs say once that they pause and once that they
//! resume ([`JobHealth`]).
//!
//! A unit of work ([`super::Db::run`]) converts storage errors into its caller's error type
//! (a handler's problem answer) inside its closure, where the handle that counts outages
//! is not at hand. So the statement that fails marks its thread ([`note`]); the unit of
//! work, which runs on that one blocking thread from start to end, reads the mark when it
//! ends ([`Health::after`]). Work that began before the loss and succeeds after it, or
//! began before the recovery and fails after it, belongs to the change already told.

use super::DbError;
use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

thread_local! {
    /// The unreachable-database error the current unit of work hit, if any.
    static LOST: RefCell<Option<String>> = const { RefCell::new(None) };
    /// When the current unit of work began.
    static BEGAN: Cell<Option<Instant>> = const { Cell::new(None) };
}

/// Passes `err` through, marking the current unit of work when it says the database is
/// unreachable.
pub(super) fn note(err: DbError) -> DbError {
    if err.is_unreachable() {
        LOST.with(|lost| *lost.borrow_mut() = Some(err.to_string()));
    }
    err
}

pub(super) fn begin_unit() {
    LOST.with(|lost| lost.borrow_mut().take());
    BEGAN.with(|began| began.set(Some(Instant::now())));
}

struct Outage {
    since: Instant,
    turned_away_before: u64,
}

/// One instance's view of its database.
#[derive(Default)]
pub struct Health {
    outage: Mutex<Option<Outage>>,
    /// When the last outage ended: a unit of work that began before then and failed
    /// after it belongs to that outage, not to a new one.
    recovered: Mutex<Option<Instant>>,
    /// Requests answered 503 `unavailable`, since start.
    turned_away: AtomicU64,
}

impl Health {
    /// Called when a unit of work ends: `ok` whether it succeeded.
    pub(super) fn after(&self, ok: bool) {
        let began = BEGAN.with(Cell::get).unwrap_or_else(Instant::now);
        match LOST.with(|lost| lost.borrow_mut().take()) {
            Some(error) => self.lost(&error, began),
            None if ok => self.fine(began),
            None => {}
        }
    }

    fn lost(&self, error: &str, began: Instant) {
        let recovered = *self.recovered.lock().unwrap_or_else(|p| p.into_inner());
        if recovered.is_some_and(|at| began < at) {
            return;
        }
        let mut outage = self.outage.lock().unwrap_or_else(|p| p.into_inner());
        if outage.is_none() {
            tracing::warn!(
                error,
                "database unavailable: answering 503 with Retry-After until it is back"
            );
            *outage = Some(Outage {
                since: Instant::now(),
                turned_away_before: self.turned_away.load(Ordering::Relaxed),
            });
        }
    }

    /// A unit of work that `began` then succeeded. One that began before the outage was
    /// noticed (a query answered just before the database went) proves nothing.
    fn fine(&self, began: Instant) {
        let mut outage = self.outage.lock().unwrap_or_else(|p| p.into_inner());
        if outage.as_ref().is_some_and(|o| o.since > began) {
            return;
        }
        if let Some(Outage {
            since,
            turned_away_before,
        }) = outage.take()
        {
            *self.recovered.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
            let turned_away = self.turned_away.load(Ordering::Relaxed) - turned_away_before;
            tracing::info!(
                out_ms = since.elapsed().as_millis() as u64,
                turned_away,
                "database back"
            );
        }
    }

    /// Whether an outage is on: noticed, and not yet ended by work begun after it.
    pub fn is_down(&self) -> bool {
        self.outage
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// Counts a request answered 503 `unavailable`; returns the count since start.
    pub fn turned_away(&self) -> u64 {
        self.turned_away.fetch_add(1, Ordering::Relaxed) + 1
    }
}

/// A background job's view: an error that says the database is away pauses the job (said
/// once), the next success resumes it (said once); any other error is logged as one.
pub struct JobHealth {
    job: &'static str,
    paused: bool,
}

impl JobHealth {
    pub fn new(job: &'static str) -> JobHealth {
        JobHealth { job, paused: false }
    }

    pub fn after<T>(&mut self, result: &Result<T, DbError>) {
        match result {
            Ok(_) if self.paused => {
                self.paused = false;
                tracing::info!(job = self.job, "resumed: the database is back");
            }
            Ok(_) => {}
            Err(e) if e.is_unavailable() => {
                if !self.paused {
                    self.paused = true;
                    tracing::info!(job = self.job, error = %e, "paused until the database is back");
                }
            }
            Err(e) => tracing::error!(job = self.job, error = %e, "failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn tick() -> Instant {
        std::thread::sleep(Duration::from_millis(2));
        Instant::now()
    }

    #[test]
    fn an_outage_is_one_from_the_first_failure_to_work_that_began_after_it_succeeding() {
        let health = Health::default();
        let before = tick();
        health.lost("connection refused", tick());
        assert!(health.is_down());
        health.fine(before);
        assert!(
            health.is_down(),
            "work begun before the loss proves nothing"
        );
        health.lost("connection refused", tick());
        health.fine(tick());
        assert!(!health.is_down(), "back");
        health.lost("connection closed", before);
        assert!(
            !health.is_down(),
            "work begun before the recovery belongs to the old outage"
        );
        health.lost("connection refused", tick());
        assert!(health.is_down(), "a new outage");
    }
}
