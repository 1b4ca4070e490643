// End-to-end harness: the real server, the Trunk-built demo in dist/, system Chromium.
//
//   const server = await startServer({ preset, seedOrders });   // { url, stop, log }
//   const site = await serveDist({ apiUrl: server.url });      // { url, stop, requests }
//   const browser = await launchBrowser();
//   ... page.goto(site.url) ...
//   await screenshot(page, 'name');                            // e2e/shots/name.png
//
// A test file starts and stops all three once with `demoForFile(options)` (the Trunk demo)
// or `storefrontForFile({ preset, headers })` (the built files on a storefront's origin).
//
// Prerequisites (scripts/test.sh does them): `cargo build -p order-cancel-server`,
// `trunk build --release --offline`, and scripts/setup.sh for playwright-core in .tools/.

import { before, after } from 'node:test';
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rm, stat } from 'node:fs/promises';
import { readFileSync, createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
export const SHOTS = path.join(ROOT, 'e2e', 'shots');
const TARGET_DIR = path.resolve(ROOT, process.env.CARGO_TARGET_DIR ?? 'target');
export const SERVER_BIN =
  process.env.ORDER_CANCEL_SERVER_BIN ?? path.join(TARGET_DIR, 'debug', 'order-cancel-server');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DEMO_TOKEN = 'demo-shopper';

// playwright-core lives in the git-ignored .tools/ (pinned by scripts/setup.sh), which
// Node's normal resolution from e2e/ would not find.
const requireTools = createRequire(path.join(ROOT, '.tools', 'package.json'));
const { chromium } = requireTools('playwright-core');

// One list of Chromium arguments for both browser layers: webdriver.json (read by
// wasm-bindgen-test-runner) is the source.
export const CHROMIUM_ARGS = JSON.parse(readFileSync(path.join(ROOT, 'webdriver.json'), 'utf8'))[
  'goog:chromeOptions'
].args;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the reference server on a free port with a fresh SQLite file and seeded data.
 * Resolves once GET /healthz answers 200. `log()` returns its output so far (for failures).
 */
export async function startServer({ preset, seedOrders, simulate, allowOrigin, extraArgs = [] } = {}) {
  await stat(SERVER_BIN).catch(() => {
    throw new Error(`${SERVER_BIN} is missing: run \`cargo build -p order-cancel-server\` first`);
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'order-cancel-e2e-'));
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const args = ['--addr', addr, '--db', path.join(dir, 'e2e.sqlite'), '--seed'];
  if (preset) args.push('--preset', preset);
  if (seedOrders != null) args.push('--seed-orders', String(seedOrders));
  if (simulate != null) args.push('--simulate', String(simulate));
  if (allowOrigin) args.push('--allow-origin', allowOrigin);
  args.push(...extraArgs);

  const child = spawn(SERVER_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = null;
  const exitPromise = new Promise((r) => child.on('exit', (code, signal) => r((exited = { code, signal }))));

  const url = `http://${addr}`;
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      await rm(dir, { recursive: true, force: true });
      throw new Error(`server exited (${JSON.stringify(exited)}) before /healthz:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server gave no /healthz within 30 s:\n${output}`);
    }
    await sleep(100);
  }
  return { url, port, stop, log: () => output, args };
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', // required by WebAssembly.instantiateStreaming
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves dist/ (the Trunk build) on a free port and proxies /api/* to `apiUrl`
 * (`/api/v1/orders` -> `${apiUrl}/v1/orders`), like Trunk's [[proxy]] does for the demo, and
 * /mail/* to `mailUrl` (the SMTP server's inbox, for the demo's inbox panel).
 * `requests` records every proxied API call: { method, path, status }. `headers(url)` may add
 * response headers to the files served (e.g. a Content-Security-Policy per page, or the CORS
 * headers of a CDN). A `root` without an index.html (a CDN's folder) needs `index: false`.
 */
export async function serveDist({ apiUrl, mailUrl, root = DIST, port, headers = () => ({}), index = true } = {}) {
  if (index) {
    await stat(path.join(root, 'index.html')).catch(() => {
      throw new Error(`${root}/index.html is missing: run \`trunk build --release --offline\` first`);
    });
  }
  const requests = [];
  const upstreams = { '/api': apiUrl ? new URL(apiUrl) : null, '/mail': mailUrl ? new URL(mailUrl) : null };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const prefix = Object.keys(upstreams).find((p) => url.pathname === p || url.pathname.startsWith(`${p}/`));
    if (prefix) {
      const api = upstreams[prefix];
      if (!api) return send(res, 502, `nothing to proxy ${prefix} to: give serveDist its URL`);
      const target = url.pathname.slice(prefix.length) || '/';
      const entry = { method: req.method, path: target + url.search, status: null };
      if (prefix === '/api') requests.push(entry);
      const headers = { ...req.headers, host: api.host };
      const upstream = http.request(
        { hostname: api.hostname, port: api.port, method: req.method, path: target + url.search, headers },
        (up) => {
          entry.status = up.statusCode;
          res.writeHead(up.statusCode, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', (err) => {
        entry.status = 502;
        send(res, 502, `proxy error: ${err.message}`);
      });
      req.pipe(upstream);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'bad path');
    }
    serveFile(path.resolve(root), pathname, req, res, headers(url)).catch((err) => send(res, 500, String(err)));
  });

  await new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(port ?? 0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}/`;
  const stop = () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    });
  return { url, stop, requests };
}

async function serveFile(root, pathname, req, res, extraHeaders = {}) {
  let file = path.normalize(path.join(root, pathname));
  if (file !== root && !file.startsWith(root + path.sep)) return send(res, 403, 'forbidden');
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  // Paths without an extension fall back to index.html (client-side routes).
  if (!info && !path.extname(pathname)) {
    file = path.join(root, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info) return send(res, 404, 'not found');
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': 'no-store',
    ...extraHeaders,
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

function send(res, status, text) {
  if (res.headersSent) return res.end();
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

export const SMTP_PYTHON = process.env.SMTP_PYTHON ?? path.join(ROOT, '.tools', 'smtp', 'bin', 'python');
export const SMTP_SERVER = path.join(ROOT, 'server', 'tests', 'smtp_server.py');

/**
 * The real SMTP server process the reference server sends to (aiosmtpd, installed by
 * scripts/setup.sh), on free ports. `smtpUrl` goes to the server's --smtp-url; `httpUrl`
 * lists what arrived. `messages()` is the listing, `message(id)` one message with its text
 * and HTML parts, `waitFor(match)` the first message `match` accepts (10 s at most).
 */
export async function startSmtp() {
  await stat(SMTP_PYTHON).catch(() => {
    throw new Error(`${SMTP_PYTHON} is missing: run scripts/setup.sh (it installs aiosmtpd)`);
  });
  const child = spawn(SMTP_PYTHON, [SMTP_SERVER], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ports = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the SMTP server did not start in 15 s:\n${output}`)), 15_000);
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => reject(new Error(`the SMTP server exited (${code}):\n${output}`)));
    child.stdout.on('data', (d) => {
      output += d;
      const line = output.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
  });
  const httpUrl = `http://127.0.0.1:${ports.http}`;
  const get = async (p) => (await fetch(`${httpUrl}${p}`)).json();
  const messages = () => get('/messages');
  const message = (id) => get(`/messages/${id}`);
  const waitFor = async (match, what = 'an email') => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      for (const m of await messages()) {
        const full = await message(m.id);
        if (match(full)) return full;
      }
      if (Date.now() > deadline) {
        const subjects = (await messages()).map((m) => m.subject);
        throw new Error(`no ${what} within 10 s; the SMTP server has: ${JSON.stringify(subjects)}`);
      }
      await sleep(200);
    }
  };
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  };
  return { smtpUrl: `smtp://127.0.0.1:${ports.smtp}`, httpUrl, messages, message, waitFor, stop };
}

/** The reference server's flags that send its emails to `smtp`, like those scripts/demo.sh gives. */
export const SMTP_ARGS = (smtp) => [
  '--smtp-url', smtp.smtpUrl, '--mail-from', 'Nordlicht Home <orders@nordlicht.example>',
  '--store-name', 'Nordlicht Home', '--support-url', 'https://nordlicht.example/help',
  '--order-url-template', 'https://nordlicht.example/account/orders/{order_number}',
];

/** Headless system Chromium through playwright-core (never downloads a browser). */
export async function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    ...options,
  });
}

/**
 * Collects what would otherwise be lost from a page: uncaught errors and console errors.
 * Attach before page.goto.
 */
export function watchPage(page) {
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  return { errors };
}

/** Writes e2e/shots/<name>.png (git-ignored) and returns its path. */
export async function screenshot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Writes e2e/shots/<name>.png of the widget alone (a demo page around it is long), or of the
 *  viewport while a dialog is open over it; returns its path. */
export async function widgetShot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  const widget = page.locator('order-cancel-widget');
  const dialog = await widget.getByRole('dialog').count();
  await (dialog ? page.screenshot({ path: file }) : widget.screenshot({ path: file }));
  return file;
}


const AXE = path.join(ROOT, '.tools', 'node_modules', 'axe-core', 'axe.min.js');

/**
 * Runs the axe-core accessibility audit (pinned in scripts/setup.sh) on the whole page,
 * open shadow roots included. Returns one line per violation, of any impact.
 */
export async function audit(page, label) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.flat().join(' > ')).join(' | ')}`));
  return violations.map((v) => `${label}: ${v}`);
}

/**
 * For a test file: the real server (seeded, with `options` as for startServer), the Trunk
 * demo in front of it and a browser, started before the file's tests and stopped after
 * them; with `smtp: true` also the real SMTP server, which the server sends its emails to
 * and the demo's inbox reads. Returns the object that holds `server`, `site`, `browser`
 * (and `smtp`) once they run.
 */
export function demoForFile({ smtp = false, ...options } = {}) {
  return forFile(async (parts) => {
    if (smtp) {
      parts.smtp = await startSmtp();
      options = { ...options, extraArgs: [...(options.extraArgs ?? []), ...SMTP_ARGS(parts.smtp)] };
    }
    parts.server = await startServer(options);
    parts.site = await serveDist({ apiUrl: parts.server.url, mailUrl: parts.smtp?.httpUrl });
  });
}

/**
 * For a test file whose pages embed the built files from their own origin, as a storefront
 * does: the real server (seeded with `preset`, allowing that origin by CORS), a static file
 * server for the repository on that origin (`headers(url)` as for serveDist, e.g. a page's
 * Content-Security-Policy) and a browser, started before the file's tests and stopped after
 * them. Returns the object that holds `server`, `site` and `browser` once they run.
 */
export function storefrontForFile({ preset, headers } = {}) {
  return forFile(async (parts) => {
    const port = await freePort();
    parts.server = await startServer({ preset, allowOrigin: `http://127.0.0.1:${port}` });
    parts.site = await serveDist({ root: ROOT, port, headers });
  });
}

/** The one set-up and teardown behind the `…ForFile` helpers: `start` fills in `server` and
 *  `site` (and `smtp`), then a browser is launched; after the file's tests all stop, in reverse. */
function forFile(start) {
  const parts = {};
  before(async () => {
    await start(parts);
    parts.browser = await launchBrowser();
  });
  after(async () => {
    await parts.browser?.close();
    await parts.site?.stop();
    await parts.server?.stop();
    await parts.smtp?.stop();
  });
  return parts;
}

/** Sends a page's requests to `written` (the API origin a page is written against, e.g. the
 *  example storefront's 127.0.0.1:8787) to this run's `server` instead. */
export async function routeApi(page, server, written = 'http://127.0.0.1:8787') {
  await page.route(`${written}/**`, (route) =>
    route.continue({ url: route.request().url().replace(written, server.url) }),
  );
}

/** Finds order `number` with the widget's search, as a shopper with a long history would
 *  (which also proves search reaches the server), and opens its details. */
export async function openOrder(widget, number) {
  await widget.getByRole('searchbox').fill(number);
  await widget.getByRole('button', { name: 'Search', exact: true }).click();
  await widget.getByRole('button', { name: `Order ${number}`, exact: true }).click();
  await widget.locator('.oc-item').first().waitFor();
}

/** Goes through every screen as a shopper: the list, order `number`'s details (the lazily
 *  loaded chunk), the reason dialog and the result, cancelling the item `title`. */
export async function cancelThroughEveryScreen(widget, title, number = 'PO-10419') {
  await widget.locator('.oc-card').first().waitFor();
  await widget.getByRole('button', { name: `Order ${number}`, exact: true }).click();
  await widget.locator('.oc-item', { hasText: title }).getByRole('button', { name: 'Cancel item' }).click();
  const dialog = widget.getByRole('dialog');
  await dialog.getByRole('combobox').selectOption('ordered_by_mistake');
  await dialog.getByRole('button', { name: 'Cancel item' }).click();
  await widget.locator('.oc-result').getByText(/^Cancelled\./).waitFor();
}

/** What the server says about the item `title` of order `number` now: { state, … }. */
export async function serverItem(server, number, title) {
  const res = await fetch(`${server.url}/v1/orders?status=all&q=${encodeURIComponent(number)}`, {
    headers: { authorization: `Bearer ${DEMO_TOKEN}` },
  });
  const order = (await res.json()).orders.find((o) => o.number === number);
  return order?.items.find((i) => i.title === title);
}
