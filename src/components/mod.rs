//! The screens, each a plain function that builds its DOM with `crate::dom` from what its
//! parent hands it. They only show what the policy crate decides.

mod history;
mod item_row;
pub(crate) mod lazy;
mod order_details;
mod orders_list;
mod reason_dialog;
mod result_banner;
mod shared;
mod submission;
mod widget;

pub use widget::{config_errors, Widget, WidgetProps};

/// The first screen's CSS in the order it cascades, minified by the build script (`build.rs`);
/// the embedding puts it in the shadow root.
pub const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));

/// The order details', dialog's and results' CSS, added to [`STYLES`] when their chunk
/// arrives ([`crate::embed::add_details_styles`]), so its bytes travel with that chunk.
pub const DETAILS_STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/details.min.css"));
