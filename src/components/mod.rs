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

/// Every component's CSS, in the order it cascades; the embedding puts it in the shadow root.
pub const STYLES: &[&str] = &[
    include_str!("../../style/tokens.css"),
    include_str!("widget.css"),
    include_str!("orders_list.css"),
    include_str!("order_details.css"),
    include_str!("reason_dialog.css"),
];
