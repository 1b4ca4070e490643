//! Integration tests of the HTTP API over real loopback HTTP against a real SQLite file.
//! One test binary (this directory) so the server links once.

mod harness;

mod auth;
mod basics;
mod cancel;
mod cors;
mod deadlines;
mod email_languages;
mod emails;
mod input;
mod instances;
mod jwt;
mod limits;
mod merchant;
mod merchant_panel;
mod orders;
mod orders_in;
mod outage;
mod parcel_moves;
mod parcel_requests;
mod persistence;
mod process;
mod reason_labels;
mod refunds;
mod upgrade;
mod webhooks;
