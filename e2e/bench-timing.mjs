// Browser timings of the Trunk-built demo (dist/) in headless Chromium, against the real
// server seeded with a short and a long order history, printed as one table with the two
// histories side by side. Run by scripts/bench.sh; reported, never asserted.
//
//   first card   navigation start -> the first `.oc-card` in the widget's shadow root is
//                visible (performance.now() in the page, whose origin is navigation start)
//   dialog       click on an item's "Cancel item" button -> `[role=dialog]` visible
//   first page   GET of the widget's first page (the exact URL it asked for), timed from
//                node straight against the server, without the browser or the /api proxy
//
// Visibility is checked once per animation frame (~16.7 ms at 60 Hz), right before the
// frame is painted, so browser times are rounded up to the frame that shows the element.
// Each run gets a fresh browser context (no cache, no storage); runs alternate between the
// two histories so drifting machine load hits both alike. One warm-up run each is not counted.
//
// Environment: BENCH_RUNS (default 7), BENCH_LONG_ORDERS (default 10000),
// ORDER_CANCEL_SERVER_BIN (the harness's server binary; bench.sh passes the release build).

import http from 'node:http';
import { startServer, serveDist, launchBrowser, screenshot, watchPage, DEMO_TOKEN, SERVER_BIN } from './harness.mjs';
import { percentile, medP90, printTable, request } from './bench-lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const LONG = Number(process.env.BENCH_LONG_ORDERS ?? 10000);
const API_RUNS = 20;
const AUTH = { authorization: `Bearer ${DEMO_TOKEN}`, accept: 'application/json' };

// In the page from its first script on: records when the first order card is visible.
function watchFirstCard() {
  const visible = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true });
  };
  const find = (sel) => document.querySelector('order-cancel-widget')?.shadowRoot?.querySelector(sel) ?? null;
  const bench = (window.__bench = { visible, find });
  const tick = () => {
    if (visible(find('.oc-card'))) bench.firstCard = performance.now();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

// Armed just before the click: the next click (capture phase, before the widget's own
// handler) starts the clock; the first frame showing the dialog stops it.
function armDialogWatch() {
  const bench = window.__bench;
  window.addEventListener(
    'click',
    () => {
      const clickedAt = performance.now();
      const tick = () => {
        if (bench.visible(bench.find('[role=dialog]'))) bench.dialog = performance.now() - clickedAt;
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    { capture: true, once: true },
  );
}

const widget = (page) => page.locator('order-cancel-widget');

/** The first order on page 1 whose details offer "Cancel item" (found through the UI). */
async function findCancellableOrder(page) {
  const labels = await widget(page).locator('.oc-card__number').allTextContents();
  for (const label of labels.map((l) => l.trim())) {
    await widget(page).getByRole('button', { name: label, exact: true }).click();
    await widget(page).locator('.oc-item').first().waitFor();
    const found = (await widget(page).getByRole('button', { name: 'Cancel item', exact: true }).count()) > 0;
    await widget(page).getByRole('button', { name: /Back to my orders/ }).click();
    await widget(page).locator('.oc-card').first().waitFor();
    if (found) return label;
  }
  throw new Error(`no order on the first page has a "Cancel item" button (${labels.join(', ')})`);
}

/** One run in a fresh context: { firstCard, dialog } in ms. */
async function run(browser, scenario) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const { errors } = watchPage(page);
  try {
    await page.addInitScript(watchFirstCard);
    await page.goto(scenario.site.url, { waitUntil: 'commit' });
    const firstCard = await (await page.waitForFunction(() => window.__bench?.firstCard, null, { timeout: 30_000 })).jsonValue();

    scenario.order ??= await findCancellableOrder(page); // once, in the warm-up run
    await widget(page).getByRole('button', { name: scenario.order, exact: true }).click();
    const cancel = widget(page).getByRole('button', { name: 'Cancel item', exact: true }).first();
    await cancel.waitFor();
    await page.evaluate(armDialogWatch);
    await cancel.click();
    const dialog = await (await page.waitForFunction(() => window.__bench.dialog, null, { timeout: 30_000 })).jsonValue();
    return { firstCard, dialog };
  } catch (err) {
    const shot = await screenshot(page, `bench-${scenario.key}-failed`).catch(() => '(none)');
    throw new Error(`${scenario.label}: ${err.message}\nscreenshot: ${shot}\npage errors: ${errors.join('\n') || '(none)'}`);
  } finally {
    await context.close();
  }
}

/** Number of the demo shopper's orders (only called on the short history: a page or two). */
async function countOrders(url) {
  const agent = new http.Agent({ keepAlive: true });
  let n = 0;
  let cursor = null;
  do {
    const q = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = JSON.parse((await request(agent, `${url}/v1/orders?status=all&limit=50${q}`, { headers: AUTH })).body);
    n += page.orders.length;
    cursor = page.next_cursor;
  } while (cursor);
  agent.destroy();
  return n;
}

/** Times the widget's own first-page request against the server: { times, bytes, path }. */
async function timeFirstPage(scenario) {
  // The first list request the widget sent through the /api proxy during the runs.
  const path =
    scenario.site.requests.find((r) => r.method === 'GET' && r.path.startsWith('/v1/orders?'))?.path ??
    '/v1/orders?status=all&limit=10';
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times = [];
  let bytes = 0;
  for (let i = 0; i <= API_RUNS; i++) {
    const res = await request(agent, `${scenario.server.url}${path}`, { headers: AUTH });
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.body}`);
    if (i > 0) times.push(res.ms); // the first one opens the connection: not counted
    bytes = Buffer.byteLength(res.body);
  }
  agent.destroy();
  return { times, bytes, path };
}

const scenarios = [
  { key: 'short', seedOrders: undefined, results: [] },
  { key: 'long', seedOrders: LONG, results: [] },
];
let browser;
try {
  for (const s of scenarios) {
    s.server = await startServer({ seedOrders: s.seedOrders });
    s.site = await serveDist({ apiUrl: s.server.url });
  }
  const [a, b] = scenarios;
  a.label = `demo (${await countOrders(a.server.url)} orders)`;
  b.label = `${LONG.toLocaleString('en')} orders (+ demo)`;
  browser = await launchBrowser();

  for (const s of scenarios) await run(browser, s); // warm-up, also picks the order to open
  for (let i = 0; i < RUNS; i++) for (const s of scenarios) s.results.push(await run(browser, s));
  for (const s of scenarios) s.api = await timeFirstPage(s);

  const firstCard = (s) => s.results.map((r) => r.firstCard);
  const dialog = (s) => s.results.map((r) => r.dialog);
  const api = (s) => s.api.times;
  console.log(`== Browser timings (ms; median / p90 of ${RUNS} runs, nearest rank; headless Chromium)`);
  console.log(`   demo page: dist/ (trunk build --release); server: ${SERVER_BIN.replace(/.*\/target\//, 'target/')}, preset tiktok_shop`);
  console.log(`   fresh browser context per run, runs alternate between the histories, 1 warm-up each not counted;`);
  console.log(`   browser times are frame-granular (~16.7 ms); dialog opened in: ${[...new Set(scenarios.map((s) => s.order))].join(' / ')}`);
  console.log(`   first page API: the widget's own request, GET ${a.api.path}, ${API_RUNS}x from node to the server`);
  printTable([
    ['', a.label, b.label],
    ['navigation start -> first order card visible', medP90(firstCard(a)), medP90(firstCard(b))],
    ['"Cancel item" click -> dialog visible', medP90(dialog(a)), medP90(dialog(b))],
    ['first page API response time', medP90(api(a)), medP90(api(b))],
    ['first page API response body (bytes)', a.api.bytes, b.api.bytes],
  ]);
  // The point of the two columns: the first page must not grow with the history.
  const ratio = (pick) => (percentile(pick(b), 0.5) / percentile(pick(a), 0.5)).toFixed(2);
  console.log(`   long / short history, medians: first card ${ratio(firstCard)}x, dialog ${ratio(dialog)}x, first page API ${ratio(api)}x`);
} finally {
  await browser?.close();
  for (const s of scenarios) {
    await s.site?.stop();
    await s.server?.stop();
  }
}
