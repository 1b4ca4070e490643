//! Backend answers in the reactive graph: what `LocalResource` does for this widget, in a
//! fraction of the wasm. `LocalResource` brings Leptos' async-derived machinery (an async
//! lock, suspense and transition bookkeeping) once per answer type; here one effect and one
//! signal do (measured in the README's Performance section).

use crate::api::{ApiError, ApiFuture};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;

/// A backend answer: `None` until the first one is there; while a reload runs the previous
/// answer stays on screen, as with `LocalResource`, unless it was an error.
pub struct Load<T: Send + Sync + 'static> {
    answer: RwSignal<Option<Result<T, ApiError>>>,
    again: RwSignal<u32>,
    /// A request is on its way (the latest one).
    asking: RwSignal<bool>,
    /// Asked again after a failure, and no answer since.
    retrying: RwSignal<bool>,
}

impl<T: Send + Sync + 'static> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Load<T> {}

/// Calls `request` now, and again whenever a signal it reads changes or on
/// [`Load::reload`]. An answer that arrives after a newer request was made is dropped, so
/// a slow old page never overwrites the one the shopper asked for last.
pub fn load<T: Send + Sync + 'static>(request: impl Fn() -> ApiFuture<T> + 'static) -> Load<T> {
    let answer = RwSignal::new(None);
    let again = RwSignal::new(0u32);
    let asking = RwSignal::new(false);
    let retrying = RwSignal::new(false);
    let latest = Rc::new(Cell::new(0u32));
    follow(Box::new(move || {
        again.track();
        // Asking again after a failure shows the wait, not the old error.
        let failed = matches!(*answer.read_untracked(), Some(Err(_)));
        if failed {
            retrying.set(true);
            answer.set(None);
        }
        let future = request();
        asking.set(true);
        let this = latest.get().wrapping_add(1);
        latest.set(this);
        let latest = latest.clone();
        leptos::task::spawn_local(async move {
            let result = future.await;
            // Unmounted meanwhile: the signal is gone and try_set drops the answer.
            if latest.get() == this {
                answer.try_set(Some(result));
                asking.try_set(false);
                retrying.try_set(false);
            }
        });
    }));
    Load {
        answer,
        again,
        asking,
        retrying,
    }
}

/// Runs `ask` now and again whenever a signal it read changes: one `Effect` for every answer
/// type (its closure generic over the type was a copy of the effect's code per type).
fn follow(ask: Box<dyn Fn()>) {
    Effect::new(move |_| ask());
}

impl<T: Clone + Send + Sync + 'static> Load<T> {
    /// The answer, tracked.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.answer.get()
    }
}

impl<T: Send + Sync + 'static> Load<T> {
    /// Looks at the answer without cloning it, tracked. Through the signal's read guard,
    /// like every reader here: its `with` would be a copy of the signal's access per closure.
    pub fn with<R>(&self, f: impl FnOnce(&Option<Result<T, ApiError>>) -> R) -> R {
        f(&self.answer.read())
    }

    /// Looks at the answer without cloning it or subscribing to it.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&Option<Result<T, ApiError>>) -> R) -> R {
        f(&self.answer.read_untracked())
    }

    /// A request is on its way while an earlier answer is still shown (tracked): the wait
    /// to show over it.
    pub fn asking_again(&self) -> bool {
        self.asking.get() && self.answer.read().is_some()
    }

    /// Asked again after a failure, with no answer yet (tracked): the wait a Retry shows.
    pub fn retrying(&self) -> bool {
        self.retrying.get()
    }

    /// Asks again (the shopper's "Retry").
    pub fn reload(&self) {
        self.reloader().reload();
    }

    /// A `Copy` handle that asks this again, whatever the answer's type.
    pub fn reloader(&self) -> Reload {
        Reload(self.again)
    }
}

/// Asks a [`Load`] again ([`Load::reloader`]): one type for every answer's type, so what
/// takes it is compiled once.
///
/// ```no_run
/// # use order_cancel_widget::load::{load, Load};
/// # use order_cancel_widget::api::ApiFuture;
/// let answer: Load<u32> = load(|| Box::pin(async { Ok(7u32) }) as ApiFuture<u32>);
/// let again = answer.reloader();
/// again.reload(); // the request runs again
/// ```
#[derive(Clone, Copy)]
pub struct Reload(RwSignal<u32>);

impl Reload {
    /// Asks again (nothing once the answer is gone with its screen).
    pub fn reload(self) {
        self.0.try_update(|n| *n = n.wrapping_add(1));
    }

    /// Whether the answer is still there (its screen not gone).
    pub fn alive(self) -> bool {
        self.0.try_get_untracked().is_some()
    }
}
