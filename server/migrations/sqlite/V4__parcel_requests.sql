-- parcel requests (issue 26): a shopper's interception request or refusal notice. Like
-- refunds they live in their order's JSON (changed with it, under its lock); a row here
-- finds one by id and lists them by status for the store, written by every save of the order.
CREATE TABLE parcel_requests (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('interception_request', 'refusal_notice')),
    status TEXT NOT NULL CHECK (status IN ('requested', 'intercepted', 'not_interceptable',
        'noticed', 'returned', 'delivered_anyway')),
    created_at INTEGER NOT NULL
);
CREATE INDEX parcel_requests_by_status ON parcel_requests (status, created_at, id);
