// The widget's files on another origin (a CDN), as the README's "Files on a CDN" says: the
// shop's page (e2e/pages/cdn.html) on one origin under the documented CSP as a header, the
// embeddable files (dist-embed/) on a second origin that sends the documented CORS header, the
// API on a third. Both ways of using it: the module imported from the CDN (it finds its .wasm
// files beside itself), and the module served by the shop with init({ assetsUrl }) naming the
// CDN's folder (the main module and the lazily loaded chunk both come from there). And a CDN
// that omits the CORS header: a clear message, never a blank area.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ROOT, freePort, startServer, serveDist, launchBrowser, screenshot, watchPage, cancelThroughEveryScreen, serverItem,
} from './harness.mjs';

/** The README's CSP for files on a CDN, with this run's origins. */
const cdnCsp = (api, cdn) =>
  `default-src 'none'; script-src 'self' ${cdn} 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; ` +
  `connect-src ${api} ${cdn}; base-uri 'none'; form-action 'none'`;

let server, shop, cdn, bareCdn, browser;

before(async () => {
  const port = await freePort();
  server = await startServer({ preset: 'temu', allowOrigin: `http://127.0.0.1:${port}` });
  const files = path.join(ROOT, 'dist-embed');
  cdn = await serveDist({ root: files, index: false, headers: () => ({ 'access-control-allow-origin': '*' }) });
  bareCdn = await serveDist({ root: files, index: false }); // no CORS header
  const origin = (url) => new URL(url).origin;
  shop = await serveDist({
    root: ROOT,
    port,
    headers: (url) =>
      url.pathname.endsWith('.html') ? { 'content-security-policy': cdnCsp(origin(server.url), origin(url.searchParams.get('cdn'))) } : {},
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const s of [shop, cdn, bareCdn, server]) await s?.stop();
});

/** Opens the shop's page with the files on `files` (a CDN's URL), the module `from` there or the shop. */
async function openShop(from, files) {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1100 } });
  const watched = watchPage(page);
  const messages = [];
  page.on('console', (msg) => messages.push(msg.text()));
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  const query = new URLSearchParams({ from, cdn: files.url, api: server.url });
  await page.goto(`${shop.url}e2e/pages/cdn.html?${query}`);
  return { page, errors: watched.errors, messages, fetched, widget: page.locator('order-cancel-widget') };
}

const wasmFrom = (fetched) => fetched.filter((url) => url.endsWith('.wasm'));

test('module and files on the CDN, with its CORS header and the documented CSP: every screen, the server has it', async () => {
  const { page, errors, fetched, widget } = await openShop('cdn', cdn);
  await cancelThroughEveryScreen(widget, 'Bamboo cutting board');
  await page.waitForFunction(() => document.title === 'completed PO-10419');
  await screenshot(page, 'cdn-module');
  const wasm = wasmFrom(fetched);
  assert.equal(new Set(wasm).size, 2, `the main module and the details' chunk: ${wasm.join(', ')}`);
  assert.ok(wasm.every((url) => url.startsWith(cdn.url)), `every .wasm from the CDN: ${wasm.join(', ')}`);
  assert.ok(fetched.includes(`${cdn.url}order_cancel_widget.js`));
  assert.equal((await serverItem(server, 'PO-10419', 'Bamboo cutting board')).state, 'cancelled');
  assert.deepEqual(errors, [], 'no CSP violations or page errors');
  await page.close();
});

test('the module served by the shop, the .wasm files on the CDN by init({ assetsUrl }): the chunk comes from there too', async () => {
  const { page, errors, fetched, widget } = await openShop('shop', cdn);
  await cancelThroughEveryScreen(widget, 'Beeswax food wraps');
  const wasm = wasmFrom(fetched);
  assert.equal(new Set(wasm).size, 2, `the main module and the details' chunk: ${wasm.join(', ')}`);
  assert.ok(wasm.every((url) => url.startsWith(cdn.url)), `every .wasm from the CDN, none beside the module: ${wasm.join(', ')}`);
  assert.ok(fetched.includes(`${shop.url}dist-embed/order_cancel_widget.js`));
  assert.equal((await serverItem(server, 'PO-10419', 'Beeswax food wraps')).state, 'cancelled');
  assert.deepEqual(errors, [], 'no CSP violations or page errors');
  await page.close();
});

test('a CDN without the CORS header: init() rejects naming the header, the shopper reads why and can retry', async () => {
  const { page, errors, widget } = await openShop('shop', bareCdn);
  const alert = widget.getByRole('alert');
  await alert.getByText('The order list could not be loaded. Try again later.').waitFor();
  await screenshot(page, 'cdn-without-cors');
  const uncaught = errors.filter((e) => e.startsWith('pageerror'));
  assert.equal(uncaught.length, 1, errors.join('\n'));
  assert.match(uncaught[0], new RegExp(`could not load ${bareCdn.url}order_cancel_widget_bg\\.wasm: .*another origin.*Access-Control-Allow-Origin`));
  assert.equal(await alert.getByRole('button', { name: 'Try again' }).count(), 1);
  await page.close();
});

test('a CDN without the CORS header for the module itself: the browser names the header, the tag keeps its link', async () => {
  const { page, messages, widget } = await openShop('cdn', bareCdn);
  await page.waitForFunction(() => document.readyState === 'complete');
  await widget.getByRole('link', { name: 'See your orders' }).waitFor();
  await page.waitForTimeout(300); // nothing else arrives: the module never ran
  assert.ok(messages.some((text) => /blocked by CORS policy.*Access-Control-Allow-Origin/.test(text)), messages.join('\n'));
  assert.ok(await widget.getByRole('link', { name: 'See your orders' }).isVisible());
  await screenshot(page, 'cdn-module-without-cors');
  await page.close();
});

test('both READMEs show the header and the policy these tests serve, and the assetsUrl option', async () => {
  for (const file of ['README.md', path.join('npm', 'README.md')]) {
    const readme = (await readFile(path.join(ROOT, file), 'utf8')).replace(/\s+/g, ' ');
    assert.ok(readme.includes(`Content-Security-Policy: ${cdnCsp('https://api.shop.example', 'https://cdn.example')}`), `${file}: the CSP`);
    assert.ok(readme.includes('`Access-Control-Allow-Origin: *`'), `${file}: the CORS header`);
    assert.ok(readme.includes("init({ assetsUrl: 'https://cdn.example/order-cancel/1.0.0/' })"), `${file}: assetsUrl`);
  }
});
