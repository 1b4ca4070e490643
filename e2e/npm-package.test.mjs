// The npm package: `npm pack` of dist-embed/ (scripts/build-embed.sh), installed from the
// tarball into a fresh Vite app in a temporary folder (offline: the package has no
// dependencies), bundled by Vite (pinned in .tools/ by scripts/setup.sh), served as plain
// static files and opened in Chromium against the real server. A shopper cancels an item
// through it, and the server has recorded the cancellation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, DEMO_TOKEN, freePort, startServer, serveDist, launchBrowser, screenshot, watchPage } from './harness.mjs';

const run = promisify(execFile);
const PACKAGE_DIR = path.join(ROOT, 'dist-embed');
const VITE = path.join(ROOT, '.tools', 'node_modules', '.bin', 'vite');
let tmp, server, site, browser, bundled;

before(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'order-cancel-vite-'));
  const port = await freePort();
  server = await startServer({ preset: 'temu', allowOrigin: `http://127.0.0.1:${port}` });

  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: PACKAGE_DIR });
  const [{ filename }] = JSON.parse(stdout);
  const app = path.join(tmp, 'app');
  await run('mkdir', ['-p', path.join(app, 'src')]);
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'storefront-app', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(tmp, filename)], { cwd: app });
  await writeFile(
    path.join(app, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vite storefront</title>
<script type="module" src="/src/main.js"></script></head>
<body><h1>My account</h1><div id="orders"></div></body></html>`,
  );
  // What a developer writes after `npm install order-cancel-widget`.
  await writeFile(
    path.join(app, 'src', 'main.js'),
    `import init, { mount } from 'order-cancel-widget';
await init();
window.widget = mount(document.getElementById('orders'), {
  backendUrl: ${JSON.stringify(server.url)},
  token: async () => ${JSON.stringify(DEMO_TOKEN)},
  locale: 'en',
});
document.addEventListener('order-cancel:completed', (e) => document.title = 'completed ' + e.detail.orderNumber);
`,
  );
  await run(VITE, ['build', '--logLevel', 'warn'], { cwd: app });
  bundled = path.join(app, 'dist');
  site = await serveDist({ root: bundled, port });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('the package declares its entry points, types and files', async () => {
  const pkg = JSON.parse(await readFile(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'order-cancel-widget');
  assert.equal(pkg.type, 'module');
  assert.deepEqual(pkg.exports['.'], { types: './order_cancel_widget.d.ts', default: './order_cancel_widget.js' });
  assert.equal(pkg.sideEffects, false);
  const types = await readFile(path.join(PACKAGE_DIR, pkg.types), 'utf8');
  assert.match(types, /export function mount\(/);
  assert.match(types, /export interface WidgetConfig/);
});

test('Vite bundles the package with every wasm file it loads', async () => {
  const assets = await readdir(path.join(bundled, 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  const shipped = (await readdir(PACKAGE_DIR)).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, shipped.length, `assets: ${assets.join(', ')}`);
});

test('a shopper cancels an item through the bundled app; the server has it', async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
  const { errors } = watchPage(page);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(site.url);
  const widget = page.locator('#orders');
  await widget.getByRole('button', { name: 'Order PO-10419' }).click();
  await widget.locator('.oc-item', { hasText: 'Bamboo cutting board' }).getByRole('button', { name: 'Cancel item' }).click();
  const dialog = widget.getByRole('dialog');
  await dialog.getByRole('combobox').selectOption('ordered_by_mistake');
  await dialog.getByRole('button', { name: 'Cancel item' }).click();
  await widget.getByText(/Cancelled\. .* will be refunded/).waitFor();
  await page.waitForFunction(() => document.title === 'completed PO-10419');
  await screenshot(page, 'npm-package-vite');

  assert.ok(fetched.some((p) => /^\/assets\/.*\.wasm$/.test(p)), `wasm came from the bundle: ${fetched.join(', ')}`);
  const res = await fetch(`${server.url}/v1/orders?status=all&search=PO-10419`, {
    headers: { authorization: `Bearer ${DEMO_TOKEN}` },
  });
  const order = (await res.json()).orders.find((o) => o.number === 'PO-10419');
  const board = order.items.find((i) => i.title === 'Bamboo cutting board');
  assert.equal(board.state, 'cancelled');
  assert.equal(order.items.find((i) => i.title === 'Beeswax food wraps').state, 'paid', 'the other item is untouched');
  assert.deepEqual(errors.filter((e) => /pageerror/.test(e)), [], 'no uncaught errors');
  await page.close();
});
