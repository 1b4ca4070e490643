//! Storage: orders and idempotency records in SQLite (the default: one embedded file) or
//! PostgreSQL (for several server instances on one database). The webhook and email outboxes
//! have their own module ([`crate::outbox`]) over the same connections.
//!
//! Every operation is a function of a [`Tx`], which is either dialect: the handlers and
//! background jobs are written once, and so are the statements ([`sql`] says how one text
//! serves both). [`write`] runs a closure in a transaction that sees the state its change
//! is based on:
//! - SQLite: one connection behind a mutex, `BEGIN IMMEDIATE` (the write lock up front);
//!   a single writer makes "load, check, change, store" trivially atomic.
//! - PostgreSQL: a pooled connection, `READ COMMITTED`, and every order a write reads is
//!   locked (`SELECT … FOR UPDATE`), so two instances changing one order run one after the
//!   other and the second sees the first's version. Background jobs pick their rows with
//!   `FOR UPDATE SKIP LOCKED`: only one instance acts on a given row.
//!
//! PostgreSQL's driver is async; the closures are not. They run on tokio's blocking pool
//! (as SQLite's do) and each statement is driven there with the runtime's `Handle`.
//!
//! The files, by job: [`connection`] (opening, the pool, transactions), [`sql`] (the
//! dialects), [`migrations`], [`orders`], [`paging`] (the shopper's list and its cursor),
//! [`cancellations`] (requests waiting for the seller), [`claims`] (background batches),
//! [`idempotency`], [`error`], [`health`] (an outage told once), [`location`] (`--db`);
//! for issue 24 [`records`] (finding refunds, and for issue 26 parcel requests),
//! [`contacts`] (where emails go) and [`history`] (what happened to an order).

pub mod cancellations;
pub mod claims;
pub mod connection;
pub mod contacts;
pub mod error;
pub mod health;
pub mod history;
pub mod idempotency;
pub mod location;
pub mod migrations;
pub mod orders;
pub mod paging;
pub mod records;
pub mod sql;

pub use cancellations::{orders_with_overdue_requests, orders_with_pending_requests};
pub use claims::orders_due_for_fulfilment;
pub use connection::{lock_for_seeding, read, write, Conn, Db, Pg};
pub use contacts::Contact;
pub use error::DbError;
pub use health::{Health, JobHealth};
pub use history::HistoryEntry;
pub use idempotency::{
    claim_idempotency, find_idempotent, purge_idempotency, store_idempotent, StoredResponse,
};
pub use location::Database;
pub use migrations::schema_version;
pub use orders::{
    clear_all, count_orders, find_order, find_shoppers_order, lock_order_id, modify_order,
    modify_order_in, save_order, Save, StoredOrder,
};
pub use paging::{list_orders, Cursor, OrderPage, OrderQuery};
pub use records::{order_id_of, orders_with, orders_with_refunds_pending_since, Records};
pub use sql::{Param, Row, Tx};

pub type Result<T, E = DbError> = std::result::Result<T, E>;
