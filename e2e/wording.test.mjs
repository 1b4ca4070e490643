// The host's wording and a language switched at run time (issue 25), on the embeddable build
// (dist-embed/, scripts/build-embed.sh) in the README's host page (e2e/pages/host.html) against
// the real server:
// - the page sets the custom element's `messages` property: the shopper reads the page's texts
//   (one of the first screen, two of the details, whose catalog part comes with their chunk),
//   a wrong one is warned on the console with its key and the default text shows;
// - with an item ticked and the reason dialog open (reason chosen, comment typed), the page
//   changes the `locale` property: the same order, tick, reason and comment, in Arabic, right to
//   left (e2e/shots/wording-before-en.png, wording-after-ar.png);
// - an ES-module mount's handle: update({ locale }) and update({ messages }) in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, screenshot, storefrontForFile, routeApi, watchPage } from './harness.mjs';

const API = 'http://127.0.0.1:8787'; // what e2e/pages/host.html is written against
const shop = storefrontForFile({ preset: 'temu' });
const catalog = (tag) => JSON.parse(readFileSync(path.join(ROOT, 'locales', `${tag}.json`), 'utf8'));
const [EN, AR] = [catalog('en'), catalog('ar')];
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `text` whole, each `{value}` filled in, perhaps in a bidi isolate (U+2068 … U+2069, rtl). */
const named = (text, values = {}) => new RegExp(`^${text.split(/(\{\w+\})/).map((part, i) => (i % 2
  ? `\u2068?${escape(String(values[part.slice(1, -1)]))}\u2069?` : escape(part))).join('')}$`);

const MESSAGES = {
  en: {
    title: 'Your purchases',
    'dialog.keep': 'No, keep it',
    'action.back': 'All my purchases',
    // Wrong: the order's number would be lost.
    'card.order': 'Purchase',
  },
  ar: { 'dialog.keep': 'لا، أبقِ طلبي' },
};

/** The host page, its widget showing the first orders (seeded afresh), the console's warnings. */
async function open() {
  const reset = await fetch(`${shop.server.url}/v1/merchant/demo/reset`, {
    method: 'POST', headers: { authorization: 'Bearer demo-merchant' } });
  assert.equal(reset.status, 200);
  const page = await shop.browser.newPage({ viewport: { width: 1000, height: 900 } });
  const { errors } = watchPage(page);
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await routeApi(page, shop.server, API);
  await page.goto(`${shop.site.url}e2e/pages/host.html`);
  const widget = page.locator('order-cancel-widget');
  await widget.locator('.oc-card').first().waitFor();
  return { page, widget, errors, warnings };
}

test('a page sets messages and switches locale with an item ticked and the dialog open', async () => {
  const { page, widget, errors, warnings } = await open();
  await widget.evaluate((host, messages) => { host.messages = messages; }, MESSAGES);
  await widget.getByRole('heading', { name: 'Your purchases' }).waitFor();
  assert.equal(await widget.getByRole('heading', { name: EN.title }).count(), 0);
  // The wrong one: the catalog's text, and a warning naming the language, the key, the problem.
  await widget.getByRole('button', { name: 'Order PO-10419', exact: true }).click();
  assert.deepEqual(warnings.filter((w) => w.includes('messages')), [
    'order-cancel-widget: messages["en"]["card.order"] lacks the placeholder {number} of the default text; the default text is shown',
  ]);
  // The details (their catalog part came with the chunk) in the page's words.
  await widget.getByRole('button', { name: /All my purchases$/ }).waitFor();
  const wraps = widget.locator('.oc-item', { hasText: 'Beeswax food wraps' });
  await wraps.locator('.oc-item__check').check();
  const picker = wraps.locator('.oc-qty__select');
  const partial = (await picker.count()) > 0;
  if (partial) await picker.selectOption('2');
  await widget.getByRole('button', { name: /^Cancel selected/ }).click();
  const dialog = widget.getByRole('dialog');
  await dialog.getByRole('button', { name: 'No, keep it' }).waitFor();
  await dialog.getByRole('combobox').selectOption('ordered_by_mistake');
  await dialog.getByRole('textbox').fill('Ordered the same wraps twice');
  await screenshot(page, 'wording-before-en');

  const before = await page.evaluate(() => performance.getEntriesByType('resource').length);
  await widget.evaluate((host) => { host.locale = 'ar'; });
  // The texts stay English until Arabic's are here: never a wait or an empty widget.
  assert.equal(await widget.locator('.oc-spinner, .oc-loading').count(), 0);
  await widget.locator('.oc-widget[dir="rtl"][lang="ar"]').waitFor();
  await dialog.getByRole('button', { name: 'لا، أبقِ طلبي' }).waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'No, keep it' }).count(), 0);
  assert.equal(await dialog.getByRole('combobox').inputValue(), 'ordered_by_mistake');
  assert.equal(await dialog.getByRole('textbox').inputValue(), 'Ordered the same wraps twice');
  assert.match(await dialog.getByRole('heading').innerText(), /؟$/, 'the dialog asks in Arabic');
  // Arabic has no text of the page for the back link or the title: the catalog's.
  await widget.getByRole('button', { name: new RegExp(`${escape(AR['action.back'])}$`) }).waitFor();
  assert.equal(await wraps.locator('.oc-item__check').isChecked(), true, 'the wraps stay ticked');
  if (partial) assert.equal(await picker.inputValue(), '2');
  await widget.getByRole('heading', { name: named(AR['card.order'], { number: 'PO-10419' }) }).waitFor();
  await screenshot(page, 'wording-after-ar');
  const fetched = await page.evaluate((n) => performance.getEntriesByType('resource').slice(n).map((e) => e.name), before);
  const catalogs = fetched.filter((url) => /\/locale-\w+-/.test(url)).map((url) => url.replace(/^.*\/locale-\w+-/, ''));
  assert.deepEqual(catalogs.sort(), ['ar.details.json', 'ar.json'], 'only Arabic is fetched, both parts');
  assert.equal(fetched.filter((url) => url.includes('/v1/')).length, 0, 'the order is not read again');

  // Keep closes the dialog; English again, with the page's texts.
  await widget.evaluate((host) => { host.locale = 'en'; });
  await dialog.getByRole('button', { name: 'No, keep it' }).click();
  await widget.getByRole('button', { name: /^Cancel selected/ }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("an ES-module mount's handle switches the language and the texts in place", async () => {
  const { page, errors } = await open();
  await page.evaluate(async (api) => {
    const { mount } = await import('/dist-embed/order_cancel_widget.js');
    const place = document.createElement('div');
    place.id = 'mounted';
    document.body.append(place);
    window.handle = mount(place, { backendUrl: api, token: 'demo-shopper', locale: 'en' });
  }, API);
  const mounted = page.locator('#mounted');
  await mounted.getByRole('button', { name: 'Order PO-10419', exact: true }).click();
  await mounted.locator('.oc-item').first().waitFor();
  await page.evaluate(() => window.handle.update({ locale: 'de' }));
  const de = catalog('de');
  await mounted.getByRole('button', { name: new RegExp(`${escape(de['action.back'])}$`) }).waitFor();
  await page.evaluate(() => window.handle.update({ messages: { de: { 'action.back': 'Zu allen Einkäufen' } } }));
  await mounted.getByRole('button', { name: /Zu allen Einkäufen$/ }).waitFor();
  assert.equal(await mounted.locator('.oc-widget').getAttribute('lang'), 'de');
  assert.equal(await mounted.locator('.oc-item').count() > 0, true, 'still the order');
  assert.deepEqual(errors, []);
  await page.close();
});
