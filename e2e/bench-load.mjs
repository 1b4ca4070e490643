// Server load: concurrent cancellations against the real server on loopback, bounded by a
// request count and a time limit. Run by scripts/bench.sh; reported, never asserted.
//
//   1. starts the server (the harness's binary; bench.sh passes the release build) with
//      --preset temu --seed-orders N for shopper alice (token demo-shopper), and
//      --rate-limit 0: all requests share one token, and the point is the server's capacity,
//      not its per-token limit (50/s by default), which would answer almost all with 429
//   2. before the clock starts: pages through GET /v1/orders?status=to_ship&limit=50 and
//      keeps every item the policy (GET /v1/policy) lets alice cancel now, with its open
//      quantity; orders with a bundle are skipped (bundles must be cancelled together)
//   3. CONCURRENCY workers on as many keep-alive connections each take an order and POST
//      /v1/orders/{id}/cancellations for its items one after the other (each with a new
//      Idempotency-Key and the If-Match of the version the previous answer returned), until
//      MAX_REQUESTS were sent, MAX_SECONDS passed or the work runs out
//
// Environment: BENCH_LOAD_ORDERS (default 8000), BENCH_LOAD_CONCURRENCY (32),
// BENCH_LOAD_MAX_REQUESTS (5000), BENCH_LOAD_MAX_SECONDS (20).

import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { startServer, DEMO_TOKEN, SERVER_BIN } from './harness.mjs';
import { percentile, ms, printTable, request } from './bench-lib.mjs';

const ORDERS = Number(process.env.BENCH_LOAD_ORDERS ?? 8000);
const CONCURRENCY = Number(process.env.BENCH_LOAD_CONCURRENCY ?? 32);
const MAX_REQUESTS = Number(process.env.BENCH_LOAD_MAX_REQUESTS ?? 5000);
const MAX_SECONDS = Number(process.env.BENCH_LOAD_MAX_SECONDS ?? 20);
const PRESET = 'temu';
const AUTH = { authorization: `Bearer ${DEMO_TOKEN}`, accept: 'application/json' };

/** Whether the policy lets the shopper cancel this item right now, without the seller. */
function cancelNow(policy, order, item, nowMs) {
  let outcome = policy.outcomes[item.state];
  const window = policy.free_cancellation_minutes;
  if (outcome === 'cancel_now' && window != null && nowMs - Date.parse(order.placed_at) > window * 60_000) {
    outcome = policy.after_window;
  }
  return (
    outcome === 'cancel_now' &&
    !item.not_cancellable &&
    (!item.personalised || policy.personalised_cancellable) &&
    (item.seller.kind !== 'third_party' || policy.third_party_sellers === 'like_first_party')
  );
}

const server = await startServer({ preset: PRESET, seedOrders: ORDERS, extraArgs: ['--rate-limit', '0'] });
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
try {
  const policy = JSON.parse((await request(agent, `${server.url}/v1/policy`, { headers: AUTH })).body);
  if (policy.name !== PRESET) throw new Error(`server runs preset ${policy.name}, not ${PRESET}`);
  // A reason is required by temu; take one that needs no comment.
  const reason =
    policy.reasons.find((r) => r.code === 'changed_mind' && !r.comment_required) ??
    policy.reasons.find((r) => !r.comment_required);

  // --- 2. the work list, fetched before the clock starts ---------------------------------
  const prefetchStart = performance.now();
  const work = []; // { id, version, lines: [{ item_id, quantity }] }
  let lines = 0;
  let pages = 0;
  let listed = 0;
  let cursor = null;
  do {
    const q = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const res = await request(agent, `${server.url}/v1/orders?status=to_ship&limit=50${q}`, { headers: AUTH });
    if (res.status !== 200) throw new Error(`GET /v1/orders: ${res.status} ${res.body}`);
    const page = JSON.parse(res.body);
    pages++;
    listed += page.orders.length;
    for (const order of page.orders) {
      if (order.items.some((i) => i.bundle_id)) continue;
      const open = order.items
        .filter((i) => cancelNow(policy, order, i, Date.now()))
        .map((i) => ({ item_id: i.id, quantity: i.quantity - i.cancelled_quantity - i.requested_quantity }))
        .filter((l) => l.quantity > 0);
      if (open.length === 0) continue;
      work.push({ id: order.id, version: order.version, lines: open });
      lines += open.length;
    }
    cursor = page.next_cursor;
  } while (cursor && lines < MAX_REQUESTS); // enough work for the request cap is enough
  const prefetchMs = performance.now() - prefetchStart;

  // --- 3. the load -----------------------------------------------------------------------
  const statuses = new Map(); // status (or error code) -> count
  const created = []; // latency (ms) of each 201
  const outcomes = new Map(); // cancellation status in 201 answers -> count
  let sent = 0;
  let stoppedBy = 'work list exhausted';
  const start = performance.now();
  const deadline = start + MAX_SECONDS * 1000;
  let next = 0; // the workers share the work list: each takes the next order

  async function worker() {
    while (next < work.length) {
      const order = work[next++];
      let version = order.version;
      for (const line of order.lines) {
        if (sent >= MAX_REQUESTS) return void (stoppedBy = `request cap (${MAX_REQUESTS})`);
        if (performance.now() >= deadline) return void (stoppedBy = `time limit (${MAX_SECONDS} s)`);
        sent++;
        const body = JSON.stringify({ items: [line], reason_code: reason.code });
        let res;
        try {
          res = await request(agent, `${server.url}/v1/orders/${encodeURIComponent(order.id)}/cancellations`, {
            method: 'POST',
            headers: {
              ...AUTH,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'idempotency-key': randomUUID(),
              'if-match': `"${version}"`,
            },
            body,
          });
        } catch (err) {
          statuses.set(err.code ?? 'error', (statuses.get(err.code ?? 'error') ?? 0) + 1);
          break;
        }
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status !== 201) break; // this order's version is unknown now: next order
        created.push(res.ms);
        const result = JSON.parse(res.body);
        version = result.order.version;
        for (const c of result.cancellations) outcomes.set(c.status, (outcomes.get(c.status) ?? 0) + 1);
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;

  // --- report ----------------------------------------------------------------------------
  const others = [...statuses].filter(([s]) => s !== 201).map(([s, n]) => `${s}: ${n}`);
  console.log(`== Server load: POST /v1/orders/{id}/cancellations (preset ${PRESET}, ${ORDERS} seeded orders for alice)`);
  console.log(`   server: ${SERVER_BIN.replace(/.*\/target\//, 'target/')} --rate-limit 0; client: node, ${CONCURRENCY} keep-alive connections on loopback;`);
  console.log(`   client, server and anything else running share the machine's cores; bounded by ${MAX_REQUESTS} requests or ${MAX_SECONDS} s`);
  console.log(`   work list (before the clock): ${pages} pages of to_ship (${listed} orders) in ${ms(prefetchMs)} ms -> ` +
    `${lines} cancellable lines in ${work.length} orders (state cancel_now, no bundle)`);
  printTable([
    ['requests sent', `${sent} in ${seconds.toFixed(2)} s (stopped by: ${stoppedBy})`],
    ['throughput', `${(sent / seconds).toFixed(0)} requests/s`],
    ['201 Created', `${created.length} (${[...outcomes].map(([s, n]) => `${n} ${s}`).join(', ') || 'none'})`],
    ['201 latency p50 / p99', `${ms(percentile(created, 0.5))} / ${ms(percentile(created, 0.99))} ms`],
    ['201 latency max', `${ms(Math.max(...created))} ms`],
    ['non-201 answers', others.join(', ') || 'none'],
  ], { left: true });
} finally {
  agent.destroy();
  await server.stop();
}
