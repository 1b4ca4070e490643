//! The server's notion of "now", injectable so tests can move time.

use cancel_policy::Timestamp;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

/// Returns the current time. Every rule that depends on time (windows, the simulator,
/// idempotency expiry, seed timestamps) asks this, never the system clock directly.
pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(|| {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Timestamp::from_unix(secs)
    })
}
