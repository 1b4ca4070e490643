// A widget that cannot load says why: the README's host page (e2e/pages/host.html, the built
// files from dist-embed/) with its main .wasm answered by a 404, by an HTML page (the wrong
// MIME type), blocked by the page's CSP, or lost to the network. init() rejects with an Error
// naming the URL, the cause and the fix (the page's uncaught rejection, as a developer sees it
// in the console), and the <order-cancel-widget> on the page shows the shopper a message with
// a retry, styled under a strict CSP and with Trusted Types enforced, in the language the widget
// would speak (from its catalog's first part; English when that cannot be fetched either). And a
// widget whose config is wrong tells the shopper so in their language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, routeApi, screenshot, storefrontForFile, watchPage, audit } from './harness.mjs';

const API = 'http://127.0.0.1:8787'; // what the page is written against; routed to this run's server
const WASM = '**/dist-embed/order_cancel_widget_bg.wasm';
const STRICT = (scriptSrc, connectSrc) =>
  `default-src 'none'; script-src ${scriptSrc}; style-src 'self'; img-src 'self' data:; connect-src ${connectSrc}; ` +
  "base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'";
// The README's policy, less one source each (Trusted Types enforced too).
const POLICIES = {
  'no-wasm-eval': STRICT("'self'", `'self' ${API}`),
  'no-self-connect': STRICT("'self' 'wasm-unsafe-eval'", API),
};
const MESSAGE = 'The order list could not be loaded. Try again later.';

const shop = storefrontForFile({
  preset: 'temu',
  headers: (url) => {
    const csp = url.pathname.endsWith('.html') && POLICIES[url.searchParams.get('csp')];
    return csp ? { 'content-security-policy': csp } : {};
  },
});

/** Opens the host page; `wasm(route)` answers its main .wasm when given. `second` adds
 *  another <order-cancel-widget> with those attributes while the module loads. */
async function openHost({ csp = '', wasm, second } = {}) {
  const page = await shop.browser.newPage({ viewport: { width: 900, height: 600 } });
  if (second) {
    await page.addInitScript((attributes) => document.addEventListener('DOMContentLoaded', () => {
      const other = document.body.appendChild(document.createElement('order-cancel-widget'));
      for (const [name, value] of Object.entries(attributes)) other.setAttribute(name, value);
    }), second);
  }
  const { errors } = watchPage(page);
  const warnings = [];
  page.on('console', (msg) => msg.type() === 'warning' && warnings.push(msg.text()));
  await routeApi(page, shop.server, API);
  if (wasm) await page.route(WASM, wasm);
  await page.goto(`${shop.site.url}e2e/pages/host.html${csp ? `?csp=${csp}` : ''}`);
  const widget = page.locator('order-cancel-widget').first();
  return { page, errors, warnings, widget, alert: widget.getByRole('alert') };
}

/** The Error init() rejected with (load-widget.js leaves it uncaught, as most pages would). */
async function rejection(page, errors) {
  await page.waitForFunction(() => true); // let the page's events arrive
  const uncaught = errors.filter((e) => e.startsWith('pageerror: '));
  assert.equal(uncaught.length, 1, `one uncaught error: ${errors.join('\n')}`);
  return uncaught[0].slice('pageerror: '.length);
}

const wasmUrl = () => `${shop.site.url}dist-embed/order_cancel_widget_bg.wasm`;
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('404: the URL, the status and the bundler fixes; every widget shows the message, and "Try again" loads the widget', async () => {
  let answer = (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' });
  const { page, errors, widget, alert } = await openHost({ wasm: (route) => answer(route), second: { locale: 'de' } });
  await alert.getByText(MESSAGE).waitFor();
  const other = page.locator('order-cancel-widget').nth(1).getByRole('alert');
  await other.getByText('Die Bestellliste konnte nicht geladen werden. Bitte versuche es später noch einmal.').waitFor();
  const message = await rejection(page, errors);
  assert.match(message, new RegExp(`^order-cancel-widget: could not load ${escape(wasmUrl())}: 404 Not Found: `));
  assert.match(message, /With esbuild, copy the package's \.wasm files beside your bundle; with Rollup, add @web\/rollup-plugin-import-meta-assets; or pass init\(\{ assetsUrl \}\)/);
  const look = await alert.evaluate((box) => ({ border: getComputedStyle(box).borderTopStyle, font: getComputedStyle(box).fontSize }));
  assert.deepEqual(look, { border: 'solid', font: '15px' }, 'the message is styled');
  await screenshot(page, 'load-failed-404');
  // (The bare host page has no landmarks of its own: only what is in the widgets counts.)
  const inWidgets = (await audit(page, 'load failed')).filter((v) => v.includes('order-cancel-widget'));
  assert.deepEqual(inWidgets, [], 'axe finds nothing in the message');

  // The retry shows that it is trying (the file is held back meanwhile), then the widget.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  answer = async (route) => {
    await held;
    await route.continue();
  };
  const retry = alert.getByRole('button', { name: 'Try again' });
  await retry.focus();
  await page.keyboard.press('Enter');
  await alert.getByRole('button', { name: 'Loading your orders…' }).waitFor();
  assert.equal(await alert.getByRole('button').getAttribute('aria-disabled'), 'true');
  release();
  await widget.locator('.oc-card').first().waitFor();
  assert.equal(await widget.getByText(MESSAGE).count(), 0, 'the message is gone');
  await page.close();
});

test('an HTML page instead of the .wasm (wrong MIME type): the Content-Type and the fixes', async () => {
  const { page, errors, alert } = await openHost({
    wasm: (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Shop</title>' }),
  });
  await alert.getByText(MESSAGE).waitFor();
  const message = await rejection(page, errors);
  assert.match(message, new RegExp(`could not load ${escape(wasmUrl())}: the server answered 200 OK with Content-Type text/html; charset=utf-8, not a WebAssembly module \\(serve \\.wasm as application/wasm; an HTML page here usually means the file is not where the module looks for it`));
  await page.close();
});

test('the right file with the wrong MIME type still loads (wasm-bindgen compiles it without streaming and warns)', async () => {
  const { page, errors, widget, warnings } = await openHost({
    wasm: (route) => route.fulfill({ path: path.join(ROOT, 'dist-embed', 'order_cancel_widget_bg.wasm'), contentType: 'application/octet-stream' }),
  });
  await widget.locator('.oc-card').first().waitFor();
  assert.ok(warnings.some((w) => /application\/wasm/.test(w)), warnings.join('\n'));
  assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), []);
  await page.close();
});

test("a CSP without 'wasm-unsafe-eval' (Trusted Types enforced): the fix names it; the message renders under that policy", async () => {
  const { page, errors, alert } = await openHost({ csp: 'no-wasm-eval' });
  await alert.getByText(MESSAGE).waitFor();
  const message = await rejection(page, errors.filter((e) => !/Content Security Policy|Refused/.test(e)));
  assert.match(message, new RegExp(`could not load ${escape(wasmUrl())}: the page's Content-Security-Policy does not let it compile: add 'wasm-unsafe-eval' to script-src`));
  const border = await alert.evaluate((box) => getComputedStyle(box).borderTopStyle);
  assert.equal(border, 'solid', 'styled by a constructed stylesheet, which style-src allows');
  assert.deepEqual(errors.filter((e) => /Trusted Type/i.test(e)), [], 'no Trusted Types violation');
  await screenshot(page, 'load-failed-csp');
  await page.close();
});

test('a CSP whose connect-src leaves out the files’ origin: the fix names the origin and the directive', async () => {
  const { page, errors, alert } = await openHost({ csp: 'no-self-connect' });
  await alert.getByText(MESSAGE).waitFor();
  const message = await rejection(page, errors.filter((e) => !/Content Security Policy|Refused/.test(e)));
  assert.match(message, new RegExp(`could not load ${escape(wasmUrl())}: the page's Content-Security-Policy blocked it: add ${escape(shop.site.url.slice(0, -1))} to connect-src`));
  await page.close();
});

test('offline: the network is named; German pages get the German message', async () => {
  const page = await shop.browser.newPage({ viewport: { width: 900, height: 600 }, locale: 'de-DE' });
  const { errors } = watchPage(page);
  await page.route(WASM, (route) => route.abort('internetdisconnected'));
  await page.goto(`${shop.site.url}e2e/pages/host.html`);
  const alert = page.locator('order-cancel-widget').getByRole('alert');
  await alert.getByText('Die Bestellliste konnte nicht geladen werden. Bitte versuche es später noch einmal.').waitFor();
  assert.equal(await alert.getByRole('button', { name: 'Erneut versuchen' }).count(), 1);
  const message = await rejection(page, errors.filter((e) => !/Failed to load resource/.test(e)));
  assert.match(message, new RegExp(`could not load ${escape(wasmUrl())}: the network failed \\(Failed to fetch\\)`));
  await page.close();
});

/** A page in the browser language `locale` at 375 px with more widgets, one per `locale`
 *  attribute of `others`, whose main .wasm is answered by a 404. */
async function openLanguages(locale, others) {
  const page = await shop.browser.newPage({ viewport: { width: 375, height: 900 }, locale });
  await page.addInitScript((tags) => document.addEventListener('DOMContentLoaded', () => {
    for (const tag of tags) document.body.appendChild(document.createElement('order-cancel-widget')).setAttribute('locale', tag);
  }), others);
  const { errors } = watchPage(page);
  await page.route(WASM, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' }));
  return { page, errors, alerts: page.locator('order-cancel-widget').getByRole('alert') };
}

/** Each alert's message, retry, lang and direction as `expected` has them. */
async function assertAlerts(alerts, expected) {
  await alerts.nth(expected.length - 1).waitFor();
  for (const [i, [message, retry, lang, dir]] of expected.entries()) {
    const alert = alerts.nth(i);
    await alert.getByText(message).waitFor();
    assert.equal(await alert.getByRole('button', { name: retry }).count(), 1);
    assert.deepEqual(await alert.evaluate((box) => [box.lang, box.dir, getComputedStyle(box).direction]), [lang, dir, dir]);
  }
}

test('the message speaks each widget’s language: auto from the browser (French), an exact tag (Arabic, right to left), a region by its language (pt-PT reads pt-BR)', async () => {
  const { page, alerts } = await openLanguages('fr-FR', ['ar', 'pt-PT']);
  const fetched = [];
  page.on('request', (request) => /locale-[^/]*\.json$/.test(request.url()) && fetched.push(request.url().split('/').pop()));
  await page.goto(`${shop.site.url}e2e/pages/host.html`);
  await assertAlerts(alerts, [
    ['La liste des commandes n’a pas pu être chargée. Réessayez plus tard.', 'Réessayer', 'fr', 'ltr'],
    ['تعذّر تحميل قائمة الطلبات. يُرجى المحاولة مرة أخرى لاحقًا.', 'إعادة المحاولة', 'ar', 'rtl'],
    ['Não foi possível carregar a lista de pedidos. Tente novamente mais tarde.', 'Tentar novamente', 'pt-BR', 'ltr'],
  ]);
  // Only the first part of each language's catalog, once.
  assert.deepEqual(fetched.map((name) => name.replace(/^locale-\w+-/, '')).sort(), ['ar.json', 'fr.json', 'pt-BR.json']);
  await screenshot(page, 'load-failed-languages');
  await page.close();
});

test('when the catalogs cannot be fetched either, the message is in English', async () => {
  const { page, alerts } = await openLanguages('de-DE', ['ar']);
  await page.route('**/dist-embed/locale-*.json', (route) => route.abort('internetdisconnected'));
  await page.goto(`${shop.site.url}e2e/pages/host.html`);
  await assertAlerts(alerts, [
    [MESSAGE, 'Try again', 'en', 'ltr'],
    [MESSAGE, 'Try again', 'en', 'ltr'],
  ]);
  await page.close();
});

test("when the catalogs' server hangs, the message is in English after 3 s, not never", async () => {
  const { page, alerts } = await openLanguages('de-DE', []);
  await page.route('**/dist-embed/locale-*.json', () => {}); // never answered
  const start = Date.now();
  await page.goto(`${shop.site.url}e2e/pages/host.html`);
  await assertAlerts(alerts, [[MESSAGE, 'Try again', 'en', 'ltr']]);
  const waited = Date.now() - start;
  assert.ok(waited >= 2500 && waited < 10000, `shown after ${waited} ms`);
  await page.close();
});

test('a wrong config tells the shopper in their language (French, Arabic right to left), the developer on the console', async () => {
  const page = await shop.browser.newPage({ viewport: { width: 375, height: 700 }, locale: 'fr-FR' });
  // In the page's widget's place, two without a backend URL or a token: one by the browser's
  // language, one in Arabic.
  await page.addInitScript(() => document.addEventListener('DOMContentLoaded', () => {
    document.querySelector('order-cancel-widget').remove();
    document.body.appendChild(document.createElement('order-cancel-widget'));
    document.body.appendChild(document.createElement('order-cancel-widget')).setAttribute('locale', 'ar');
  }));
  const logged = [];
  page.on('console', (msg) => msg.type() === 'error' && logged.push(msg.text()));
  await page.goto(`${shop.site.url}e2e/pages/host.html`);
  const widgets = page.locator('order-cancel-widget');
  const expected = [
    ['La liste des commandes de cette page n’est pas configurée correctement.', 'fr', 'ltr'],
    ['قائمة الطلبات في هذه الصفحة غير مُعدّة بشكل صحيح.', 'ar', 'rtl'],
  ];
  for (const [i, [sentence, lang, dir]] of expected.entries()) {
    const alert = widgets.nth(i).getByRole('alert');
    await alert.getByText(sentence).waitFor();
    assert.equal(await alert.textContent(), sentence, 'one sentence, no developer detail');
    const root = widgets.nth(i).locator('.oc-widget');
    assert.deepEqual(await root.evaluate((r) => [r.lang, r.dir, getComputedStyle(r).direction]), [lang, dir, dir]);
  }
  assert.equal(logged.filter((m) => /backendUrl is missing/.test(m) && /token is missing/.test(m)).length, 2, logged.join('\n'));
  await screenshot(page, 'config-error-languages');
  await page.close();
});
