-- the initial schema.
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    shopper_id TEXT NOT NULL,
    number TEXT NOT NULL,
    placed_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    -- '|to_ship|cancelled|': the tabs (cancel_policy::Tab::includes) the order shows under
    tabs TEXT NOT NULL,
    -- lowercased order number, product titles and SKUs, for ?q=
    search_text TEXT NOT NULL,
    -- earliest state change among items the fulfilment simulator may advance
    fulfilment_since INTEGER,
    -- cancellation requests waiting for the merchant
    pending_requests INTEGER NOT NULL,
    version INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX orders_by_shopper ON orders (shopper_id, placed_at DESC, id DESC);
CREATE INDEX orders_fulfilment ON orders (fulfilment_since) WHERE fulfilment_since IS NOT NULL;
CREATE INDEX orders_pending ON orders (pending_requests) WHERE pending_requests > 0;
CREATE TABLE tokens (
    token TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('shopper', 'merchant')),
    shopper_id TEXT,
    CHECK ((role = 'shopper') = (shopper_id IS NOT NULL))
);
CREATE TABLE idempotency (
    shopper_id TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (shopper_id, key)
);
CREATE INDEX idempotency_by_age ON idempotency (created_at);
