//! Idempotency keys: the first answer given under a key, replayed for a retry.

use super::{Result, Tx};

/// The first answer given under an idempotency key.
pub struct StoredResponse {
    pub request_hash: String,
    pub status_code: u16,
    pub body: String,
}

/// Takes `key` for this request, first thing in its transaction: inserts the key's row
/// (answer still empty) unless there is one, and returns the stored answer if there is.
///
/// The row is how "in flight" holds across instances. A second request under the same key
/// on another instance, while the first's transaction is open, waits on that row's unique
/// key; when the first commits, it finds the stored answer (a replay), and when the first
/// rolls back (an error answer is not stored), it goes ahead as if it were first. An
/// instance that dies mid-request leaves nothing: its transaction never committed.
pub fn claim_idempotency(
    tx: &Tx<'_>,
    shopper_id: &str,
    key: &str,
    request_hash: &str,
    now: i64,
) -> Result<Option<StoredResponse>> {
    let inserted = tx.execute(
        "INSERT INTO idempotency
             (shopper_id, key, request_hash, status_code, response_body, created_at)
         VALUES ($1, $2, $3, 0, '', $4) ON CONFLICT DO NOTHING",
        &[&shopper_id, &key, &request_hash, &now],
    )?;
    if inserted == 1 {
        return Ok(None);
    }
    find_idempotent(tx, shopper_id, key)
}

pub fn find_idempotent(tx: &Tx<'_>, shopper_id: &str, key: &str) -> Result<Option<StoredResponse>> {
    tx.query_opt(
        "SELECT request_hash, status_code, response_body FROM idempotency
         WHERE shopper_id = $1 AND key = $2",
        &[&shopper_id, &key],
    )?
    .map(|row| {
        Ok(StoredResponse {
            request_hash: row.get(0)?,
            status_code: row.get(1)?,
            body: row.get(2)?,
        })
    })
    .transpose()
}

/// Stores the answer under the key [`claim_idempotency`] took in this transaction.
pub fn store_idempotent(
    tx: &Tx<'_>,
    shopper_id: &str,
    key: &str,
    response: &StoredResponse,
) -> Result<()> {
    let updated = tx.execute(
        "UPDATE idempotency SET request_hash = $3, status_code = $4, response_body = $5
         WHERE shopper_id = $1 AND key = $2",
        &[
            &shopper_id,
            &key,
            &response.request_hash,
            &response.status_code,
            &response.body,
        ],
    )?;
    debug_assert_eq!(updated, 1, "the key was claimed first");
    Ok(())
}

/// Forgets idempotency records created before `before`. Returns how many went.
pub fn purge_idempotency(tx: &Tx<'_>, before: i64) -> Result<usize> {
    Ok(tx.execute("DELETE FROM idempotency WHERE created_at < $1", &[&before])? as usize)
}
