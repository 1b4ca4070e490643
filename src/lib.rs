//! order-cancel-widget: an embeddable "My Orders" widget that lets a shopper cancel whole
//! orders, single items or part of a quantity, with a reason.
//!
//! The rules come from [`cancel_policy`]; this crate shows what it decides, talks to the
//! backend ([`api`]) and embeds into any page ([`embed`]).

pub mod api;
pub mod browse;
mod chunk;
pub mod components;
pub mod config;
pub mod decode;
pub mod describe;
pub mod dom;
pub mod embed;
pub mod env;
pub mod events;
mod focus;
pub mod format;
pub mod i18n;
pub mod load;
mod styles;
pub mod submit;
pub mod text;
pub mod watch;

pub use embed::{mount, WidgetHandle};

use wasm_bindgen::prelude::*;

/// Runs when the module is initialised: the custom element becomes usable.
#[wasm_bindgen(start)]
pub fn start() {
    embed::define_custom_element();
}
