-- seller response deadlines and the webhook outbox. The tokens table is no longer
-- read (demo tokens live in memory with --seed; shoppers sign in with JWTs).
ALTER TABLE orders ADD COLUMN decision_due BIGINT;
CREATE INDEX orders_decision_due ON orders (decision_due) WHERE decision_due IS NOT NULL;
-- one row per event and endpoint; webhook-id is message_id, the same on every attempt
CREATE TABLE webhook_deliveries (
    message_id TEXT COLLATE "C" NOT NULL,
    endpoint TEXT COLLATE "C" NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms BIGINT NOT NULL,
    -- a deliverer's claim: no other may send the row until lease_until_ms
    lease_owner TEXT,
    lease_until_ms BIGINT,
    delivered_at_ms BIGINT,
    PRIMARY KEY (message_id, endpoint)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at_ms) WHERE status = 'pending';
CREATE TABLE webhook_attempts (
    message_id TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at_ms BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    response_status INTEGER,
    error TEXT,
    PRIMARY KEY (message_id, endpoint, attempt)
);
