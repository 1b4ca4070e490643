//! A split point's view in place: a wait while its chunk is fetched (`crate::chunk`), then
//! the view; "Try again" if the chunk cannot be fetched.

use super::shared::loading;
use crate::chunk::{Chunk, ChunkError};
use crate::dom::{button, div, El};
use crate::env::Env;
use leptos::prelude::*;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use web_sys::Node;

/// A split point's view in place: a wait while its chunk is fetched, then the view; if the
/// chunk cannot be fetched, a message with "Try again". `waiting` says what it waits for;
/// `make` is the split point's `call` with its arguments.
pub fn deferred<F, Fut>(env: Env, chunk: Chunk, waiting: String, make: F) -> Vec<Node>
where
    F: Fn() -> Fut + 'static,
    Fut: Future<Output = Result<El, ChunkError>>,
{
    // Two signals of a type the widget has anyway (an Option<bool> cost its own code).
    let fetched = RwSignal::new((chunk.fetched)());
    let failed = RwSignal::new(false);
    let fetch = move || {
        failed.set(false);
        leptos::task::spawn_local(async move {
            match (chunk.fetch)().await {
                Ok(()) => fetched.set(true),
                Err(_) => failed.set(true),
            }
        });
    };
    if !fetched.get_untracked() {
        fetch();
    }
    let place = div("oc-deferred").slot(
        move || (fetched.get(), failed.get()),
        move |(fetched, failed)| {
            if fetched {
                // Once fetched, the split point answers at once: building the view here keeps
                // it in this reactive owner, with the widget's context.
                if let Some(Ok(view)) = ready_now(make()) {
                    return vec![view.into()];
                }
            } else if !failed {
                return vec![loading(env, &waiting).into()];
            }
            vec![chunk_failed(env, fetch).into()]
        },
    );
    vec![place.into()]
}

/// Polls a future once: its output if it is ready already.
fn ready_now<T>(future: impl Future<Output = T>) -> Option<T> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

/// Part of the widget could not be fetched; `retry` fetches it again.
fn chunk_failed(env: Env, retry: impl Fn() + 'static) -> El {
    div("oc-alert oc-alert--error")
        .attr("role", "alert")
        .text(&env.t("error.chunk"))
        .text(" ")
        .child(
            button("oc-button")
                .text(&env.t("error.try_again"))
                .on_click(move |_| retry()),
        )
}
