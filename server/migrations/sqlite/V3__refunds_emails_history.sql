-- refunds, the shopper's emails and the order history (issue 24).
-- Refunds live in their order's JSON (changed with it, under its lock); a row here finds
-- one by id and lists them by status, written by every save of the order.
CREATE TABLE refunds (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'canceled')),
    created_at INTEGER NOT NULL
);
CREATE INDEX refunds_by_status ON refunds (status, created_at, id);
-- where an order's emails go and in which language: the address from the store's order
-- sync (shopper_email) or a shopper's JWT (email claim), the language of their last request
CREATE TABLE order_contacts (
    order_id TEXT PRIMARY KEY,
    email TEXT,
    locale TEXT
);
-- the email outbox: one row per email, message_id is its Message-ID (the same on every
-- attempt); event is what the email says (JSON), rendered when it is sent
CREATE TABLE email_outbox (
    message_id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    recipient TEXT,
    locale TEXT NOT NULL,
    event TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms INTEGER NOT NULL,
    -- a sender's claim: no other may send the row until lease_until_ms
    lease_owner TEXT,
    lease_until_ms INTEGER,
    sent_at_ms INTEGER,
    -- why it failed for good, or was skipped
    error TEXT
);
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at_ms) WHERE status = 'pending';
CREATE INDEX email_outbox_by_order ON email_outbox (order_id);
CREATE TABLE email_attempts (
    message_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    -- the SMTP server's answer or the connection's failure; NULL when it was accepted
    error TEXT,
    PRIMARY KEY (message_id, attempt)
);
-- what happened to an order, for the merchant: cancellations, refunds, emails
CREATE TABLE order_history (
    seq INTEGER PRIMARY KEY,
    order_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    entry TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX order_history_by_order ON order_history (order_id, seq);
