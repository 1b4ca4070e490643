//! What the store does alike with the records that live in an order (refunds, parcel
//! requests): moves one on (`PATCH /v1/merchant/{records}/{id}`) and lists them by status
//! (`GET /v1/merchant/{records}?status=&limit=`). Each kind says through [`MerchantRecord`]
//! how it is named, found, listed and moved; the handlers here are the same for all.

use crate::auth::Merchant;
use crate::db::{self, Conn, Records, StoredOrder, Tx};
use crate::extract::{ApiPath, ApiQuery, JsonBody};
use crate::notify::Notifier;
use crate::problem::Problem;
use crate::respond::{json, json_text, with_etag};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cancel_policy::{Order, Policy, Timestamp};
use serde::de::DeserializeOwned;
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// A kind of record kept in its order that the store moves on and lists.
pub trait MerchantRecord: Clone + Serialize + Send + Sync + 'static {
    /// Its index table.
    const RECORDS: Records;
    /// How a problem names it: "Refund not found".
    const NAME: &'static str;
    /// Its member in an answer and in a list entry: `"refund"`.
    const KEY: &'static str;
    /// The member holding a list of them: `"refunds"`.
    const LIST_KEY: &'static str;
    /// The body of its `PATCH`.
    type Change: DeserializeOwned + Send + 'static;
    /// What a list entry shows of it besides its order's names (at least itself, as
    /// [`Self::KEY`]).
    type Listing: Serialize;

    /// The statuses a list may be filtered by, as in JSON.
    fn statuses() -> Vec<&'static str>;
    /// How an unknown status's problem names the choices.
    fn status_choices() -> String {
        Self::statuses().join(", ")
    }
    /// Record `id` of `order`.
    fn find<'a>(order: &'a Order, id: &str) -> Option<&'a Self>;
    /// Its list entry, or `None` to leave it out.
    fn listing(&self, order: &Order) -> Option<Self::Listing>;
    /// Applies `change` to record `id`: the answer's body (see [`answer`]) and the order's
    /// version. A change is stored with what it sets off in one transaction; a refused one
    /// writes nothing.
    fn update(
        conn: &mut Conn<'_>,
        policy: &Policy,
        notifier: &Notifier,
        id: &str,
        change: Self::Change,
        now: Timestamp,
    ) -> Result<(String, u64), Problem>;
}

/// The order holding record `id` of kind `R`, or the kind's 404.
pub fn order_holding<R: MerchantRecord>(tx: &Tx<'_>, id: &str) -> Result<StoredOrder, Problem> {
    let not_found = || Problem::not_found(R::NAME);
    let order_id = db::order_id_of(tx, R::RECORDS, id)?.ok_or_else(not_found)?;
    db::find_order(tx, &order_id)?.ok_or_else(not_found)
}

/// The body answering a change of `record`: `{"<KEY>": record, "order": order}`.
pub fn answer<R: MerchantRecord>(record: &R, order: &Order) -> String {
    serde_json::to_string(&Answered { record, order }).expect("responses serialise")
}

struct Answered<'a, R> {
    record: &'a R,
    order: &'a Order,
}

impl<R: MerchantRecord> Serialize for Answered<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(R::KEY, self.record)?;
        map.serialize_entry("order", self.order)?;
        map.end()
    }
}

/// `PATCH /v1/merchant/{records}/{id}`: the record and its order after the change, with
/// the order's version as ETag.
pub async fn patch<R: MerchantRecord>(
    State(state): State<AppState>,
    _: Merchant,
    ApiPath(id): ApiPath<String>,
    JsonBody(change): JsonBody<R::Change>,
) -> Result<Response, Problem> {
    let now = state.now();
    let (policy, notifier) = (state.policy(), state.notifier().clone());
    let (body, version) = state
        .db()
        .run(move |conn| R::update(conn, &policy, &notifier, &id, change, now))
        .await?;
    state.events_written();
    Ok(with_etag(json_text(StatusCode::OK, body), version))
}

/// The status a merchant's list is filtered by: none, or one of `statuses` (else 400,
/// naming the `choices`).
pub fn status_filter(
    given: Option<&str>,
    statuses: &[&'static str],
    choices: &str,
) -> Result<Option<&'static str>, Problem> {
    let Some(text) = given else { return Ok(None) };
    match statuses.iter().find(|status| **status == text) {
        Some(status) => Ok(Some(status)),
        None => Err(Problem::invalid(format!(
            "Unknown status {text:?}; use {choices}."
        ))),
    }
}

/// `pending, sent or failed`: the choices of a status filter in words.
pub fn one_of(statuses: &[&str]) -> String {
    match statuses.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, others)) => format!("{} or {last}", others.join(", ")),
        None => String::new(),
    }
}

/// How many entries a merchant's list shows: 100 unless `given`, from 1 to 500.
pub fn list_limit(given: Option<u32>) -> Result<u32, Problem> {
    let limit = given.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(Problem::invalid("limit must be a number from 1 to 500."));
    }
    Ok(limit)
}

#[derive(Deserialize)]
pub struct ListParams {
    status: Option<String>,
    limit: Option<u32>,
}

#[derive(Serialize)]
struct Listed<L> {
    order_id: String,
    order_number: String,
    shopper_id: String,
    #[serde(flatten)]
    record: L,
}

/// `GET /v1/merchant/{records}?status=&limit=`: oldest first, each with its order's names.
pub async fn list<R: MerchantRecord>(
    State(state): State<AppState>,
    _: Merchant,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Response, Problem> {
    let given = params.status.as_deref().filter(|s| !s.is_empty());
    let status = status_filter(given, &R::statuses(), &R::status_choices())?;
    let limit = list_limit(params.limit)?;
    let found = state
        .db()
        .read(move |tx| db::orders_with(tx, R::RECORDS, status, limit).map_err(Problem::from))
        .await?;
    let listed: Vec<_> = found
        .into_iter()
        .filter_map(|(id, stored)| {
            let record = R::find(&stored.order, &id)?.listing(&stored.order)?;
            Some(Listed {
                order_id: stored.order.id,
                order_number: stored.order.number,
                shopper_id: stored.shopper_id,
                record,
            })
        })
        .collect();
    Ok(json(
        StatusCode::OK,
        &BTreeMap::from([(R::LIST_KEY, listed)]),
    ))
}
