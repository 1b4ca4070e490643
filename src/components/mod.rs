//! The screens, each a plain function that builds its DOM with `crate::dom` from what its
//! parent hands it. They only show what the policy crate decides.

mod deferred;
mod details_state;
mod dialog_form;
mod dialog_quote;
mod history;
mod item_row;
mod money_summary;
mod order_card;
mod order_details;
mod orders_list;
mod pager;
mod parcels;
mod reason_dialog;
mod refunds;
mod result_banner;
mod shared;
mod submission;
mod texts;
mod widget;

pub use widget::{config_errors, Widget, WidgetProps};
