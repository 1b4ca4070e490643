//! Lazily loaded parts of the widget (chunk loading; the wait and failure shown meanwhile
//! are `components::deferred`). In the embeddable build (the `split` feature, then
//! wasm-split-cli in scripts/build-embed.sh) the code behind each split point is its own
//! .wasm chunk: the first screen does not wait for it. It is fetched ahead of use — when the
//! browser is idle after the list is shown, or when the pointer rests on what opens it — so
//! opening it needs no network. A chunk that cannot be fetched shows a message with
//! "Try again"; the next try fetches it afresh. Without `split` a split point is a plain call
//! (the Trunk demo, the wasm tests).
//!
//! Split points use Leptos' `wasm_split` (what `#[lazy]` expands to) with `fallible`:
//! `#[lazy]` panics when a chunk fails to load, and a panic aborts the whole widget.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// A chunk could not be fetched (network error, server gone); fetching again may work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChunkError;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// Fetching a chunk: done once the chunk's code is instantiated.
pub type ChunkFetch = Pin<Box<dyn Future<Output = Result<(), ChunkError>>>>;

/// One split point's chunk: whether it is here yet, and how to fetch it.
#[derive(Clone, Copy)]
pub struct Chunk {
    pub fetched: fn() -> bool,
    pub fetch: fn() -> ChunkFetch,
}

impl Chunk {
    /// Starts fetching the chunk unless it is here (a failure is retried by the next call).
    pub fn prefetch(self) {
        if !(self.fetched)() {
            leptos::task::spawn_local(async move {
                let _ = (self.fetch)().await;
            });
        }
    }

    /// Prefetches the chunk once the browser is idle (after the next frame where
    /// `requestIdleCallback` is missing, e.g. Safari).
    pub fn prefetch_when_idle(self) {
        if (self.fetched)() {
            return;
        }
        if request_idle_callback_with_handle(move || self.prefetch()).is_err() {
            set_timeout(
                move || self.prefetch(),
                std::time::Duration::from_millis(50),
            );
        }
    }
}

/// Declares a split point: a module `$point` with `CHUNK` and `fn call(args)`, a future of
/// the body's value, whose body (and whatever only it reaches) goes to the chunk named
/// `$chunk`. Split points with the same chunk name share one chunk.
macro_rules! split_point {
    ($(#[$doc:meta])* $vis:vis $point:ident in $chunk:ident, fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$doc])*
        $vis mod $point {
            #[allow(unused_imports)]
            use super::*;
            use $crate::chunk::{Chunk, ChunkError};

            #[cfg(feature = "split")]
            #[leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload(load_chunk))]
            fn $name($($arg: $ty),*) -> Result<$ret, ChunkError> {
                let value = $body;
                Ok(value)
            }
            #[cfg(not(feature = "split"))]
            async fn $name($($arg: $ty),*) -> Result<$ret, ChunkError> {
                let value = $body;
                Ok(value)
            }

            #[cfg(feature = "split")]
            static FETCHED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

            /// This split point's chunk.
            #[allow(dead_code)]
            pub const CHUNK: Chunk = Chunk {
                #[cfg(feature = "split")]
                fetched: || FETCHED.load(std::sync::atomic::Ordering::Relaxed),
                #[cfg(not(feature = "split"))]
                fetched: || true,
                #[cfg(feature = "split")]
                fetch: || Box::pin(async {
                    load_chunk().await?;
                    FETCHED.store(true, std::sync::atomic::Ordering::Relaxed);
                    Ok(())
                }),
                #[cfg(not(feature = "split"))]
                fetch: || Box::pin(async { Ok(()) }),
            };

            /// The body's value, from the chunk (fetched first if need be).
            pub fn call($($arg: $ty),*) -> impl std::future::Future<Output = Result<$ret, ChunkError>> {
                $name($($arg),*)
            }
        }
    };
}
pub(crate) use split_point;
