//! The component tree. Components only show what the policy crate decides.

mod history;
mod item_row;
pub(crate) mod lazy;
mod order_details;
mod orders_list;
mod reason_dialog;
mod result_banner;
mod shared;
mod widget;

pub use widget::{ConfigErrors, Widget, WidgetProps};

/// Every component's CSS in the order it cascades, minified by the build script (`build.rs`);
/// the embedding puts it in the shadow root.
pub const STYLES: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.min.css"));
