// Every screen a shopper meets, photographed for a design review: the list's tabs, the
// details of each kind of order, the dialog, each kind of result, the history, the errors
// and the waits, in English and German, at 1100 and 375 px. Not a test: it asserts nothing
// beyond reaching each screen.
//
//   cargo build -p order-cancel-server && trunk build --release --offline
//   node e2e/review-shots.mjs before     # writes e2e/shots/before-*.png
//
// The widget alone is photographed (its element), the whole page where a layout matters.
import { startServer, serveDist, launchBrowser, screenshot, openOrder } from './harness.mjs';

const prefix = process.argv[2] ?? 'review';
const only = process.argv[3]; // e.g. "de-375" to take one language and width

const T = {
  en: { tab: ['All', 'To ship', 'Shipped', 'Delivered', 'Cancelled'], back: /Back to my orders/, search: 'Search',
    cancelItem: /^Cancel item$/, confirm: /^Cancel items?$/, request: /^Request cancellation$/, send: 'Send request', done: /Cancelled\./,
    sent: /Request sent/, changed: /Your order changed/, unreachable: /could not reach the store/, retry: /^(Retry|Try again)$/ },
  de: { tab: ['Alle', 'Zu versenden', 'Versendet', 'Zugestellt', 'Storniert'], back: /Zurück/, search: 'Suchen',
    cancelItem: /^Artikel stornieren$/, confirm: /^Artikel stornieren$/, request: /^Stornierung anfragen$/, send: 'Anfrage senden', done: /Storniert\./,
    sent: /Anfrage an den Verkäufer/, changed: /hat sich inzwischen geändert/, unreachable: /nicht erreichbar/, retry: /^(Erneut laden|Erneut versuchen)$/ },
};

const server = await startServer({ preset: 'tiktok_shop' });
const site = await serveDist({ apiUrl: server.url });
const browser = await launchBrowser();
const shots = [];

async function reset() {
  const r = await fetch(`${server.url}/v1/merchant/demo/reset`, { method: 'POST', headers: { authorization: 'Bearer demo-merchant' } });
  if (r.status !== 200) throw new Error(`reset: ${r.status}`);
}

async function setPreset(preset) {
  const r = await fetch(`${server.url}/v1/merchant/policy`, {
    method: 'PUT', headers: { authorization: 'Bearer demo-merchant', 'content-type': 'application/json' }, body: JSON.stringify({ preset }),
  });
  if (r.status !== 200) throw new Error(`preset: ${r.status}`);
}

async function open(locale, width) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, locale });
  await page.goto(site.url);
  const widget = page.locator('order-cancel-widget');
  await widget.evaluate((el, l) => el.setAttribute('locale', l), locale);
  await widget.locator('.oc-card').first().waitFor();
  return { page, widget };
}

async function shot(page, widget, name, { whole = false } = {}) {
  await page.waitForTimeout(150);
  const file = whole ? await screenshot(page, `${prefix}-${name}`) : `e2e/shots/${prefix}-${name}.png`;
  if (!whole) await widget.screenshot({ path: file });
  shots.push(file);
}

async function findOrder(widget, t, number) {
  await widget.getByRole('searchbox').fill(number);
  await widget.getByRole('button', { name: t.search, exact: true }).click();
  await widget.locator('.oc-card__number', { hasText: number }).click();
  await widget.locator('.oc-item').first().waitFor();
}

for (const locale of ['en', 'de']) {
  for (const width of [1100, 375]) {
    const tag = `${locale}-${width}`;
    if (only && only !== tag) continue;
    const t = T[locale];
    await reset();
    await setPreset('tiktok_shop');
    let { page, widget } = await open(locale, width);
    await shot(page, widget, `list-${tag}`, { whole: true });
    for (const [i, name] of t.tab.entries()) {
      await widget.getByRole('tab', { name }).click();
      await page.waitForTimeout(400);
      await shot(page, widget, `tab-${i}-${tag}`);
    }
    await widget.getByRole('tab', { name: t.tab[0] }).click();
    await page.waitForTimeout(300);

    // Details of each kind of order.
    for (const number of ['PO-10421', 'PO-10414', 'PO-10412', 'PO-10410', 'PO-10408', 'PO-10417', 'PO-10413', 'PO-10411', 'PO-10420']) {
      await findOrder(widget, t, number);
      await shot(page, widget, `details-${number}-${tag}`);
      await widget.getByRole('button', { name: t.back }).click();
      await widget.locator('.oc-card').first().waitFor();
    }

    // The dialog, its refusal, and a completed cancellation.
    await findOrder(widget, t, 'PO-10421');
    await widget.locator('.oc-item').first().getByRole('button', { name: t.cancelItem }).click();
    const dialog = widget.getByRole('dialog');
    await dialog.waitFor();
    await shot(page, widget, `dialog-${tag}`, { whole: true });
    await dialog.getByRole('button', { name: t.cancelItem }).click();
    await page.waitForTimeout(300);
    await shot(page, widget, `dialog-refused-${tag}`, { whole: true });
    await dialog.getByRole('combobox').first().selectOption('changed_mind');
    await dialog.getByRole('button', { name: t.cancelItem }).click();
    await widget.locator('.oc-result').getByText(t.done).first().waitFor();
    await shot(page, widget, `result-done-${tag}`);
    await widget.getByRole('button', { name: t.back }).click();
    await widget.getByRole('tab', { name: t.tab[4] }).click();
    await page.waitForTimeout(500);
    await shot(page, widget, `cancelled-tab-after-one-${tag}`);
    await widget.getByRole('tab', { name: t.tab[0] }).click();
    await page.waitForTimeout(300);

    // A packed item (TikTok Shop: the seller decides): the request result.
    await findOrder(widget, t, 'PO-10417');
    await widget.getByRole('button', { name: t.request }).first().click();
    await widget.getByRole('dialog').waitFor();
    await widget.getByRole('dialog').getByRole('combobox').first().selectOption('wrong_address');
    await shot(page, widget, `dialog-request-${tag}`, { whole: true });
    await widget.getByRole('dialog').getByRole('button', { name: t.send }).click();
    await widget.locator('.oc-result').getByText(t.sent).first().waitFor();
    await shot(page, widget, `result-requested-${tag}`);
    await widget.getByRole('button', { name: t.back }).click();
    await widget.locator('.oc-card').first().waitFor();

    // The order changes on the server while the shopper looks: the conflict result.
    await findOrder(widget, t, 'PO-10419');
    const orders = await (await fetch(`${server.url}/v1/orders?q=PO-10419`, { headers: { authorization: 'Bearer demo-shopper' } })).json();
    const o = orders.orders[0];
    await fetch(`${server.url}/v1/merchant/orders/${o.id}/items/${o.items[0].id}`, {
      method: 'PATCH', headers: { authorization: 'Bearer demo-merchant', 'content-type': 'application/json' }, body: '{"state":"shipped"}',
    });
    await widget.locator('.oc-item').first().getByRole('button', { name: t.cancelItem }).click();
    await widget.getByRole('dialog').getByRole('combobox').first().selectOption('changed_mind');
    await widget.getByRole('dialog').getByRole('button', { name: t.cancelItem }).click();
    await widget.locator('.oc-result').getByText(t.changed).first().waitFor();
    await shot(page, widget, `result-changed-${tag}`);

    // The network drops: the unreachable result.
    await page.route('**/api/v1/orders/*/cancellations', (route) => route.abort('connectionreset'));
    const next = widget.locator('.oc-item').nth(1).getByRole('button', { name: t.cancelItem });
    if (await next.count()) {
      await next.click();
      await widget.getByRole('dialog').getByRole('combobox').first().selectOption('changed_mind');
      await widget.getByRole('dialog').getByRole('button', { name: t.confirm }).click();
      await widget.locator('.oc-result').getByText(t.unreachable).first().waitFor({ timeout: 40_000 });
      await shot(page, widget, `result-unreachable-${tag}`);
    }
    await page.unroute('**/api/v1/orders/*/cancellations');
    await page.close();

    // The waits and a failed load: a store that holds, then one that fails.
    ({ page, widget } = await open(locale, width));
    let release;
    const held = new Promise((r) => (release = r));
    await page.route('**/api/v1/orders?*status=shipped*', async (route) => { await held; await route.continue(); });
    await widget.getByRole('tab', { name: t.tab[2] }).click();
    await page.waitForTimeout(900);
    await shot(page, widget, `wait-tab-${tag}`);
    release();
    await page.route('**/api/v1/orders?*status=delivered*', (route) => route.fulfill({ status: 503, body: 'down', headers: { 'retry-after': '0' } }));
    await widget.getByRole('tab', { name: t.tab[3] }).click();
    await widget.getByRole('alert').first().waitFor({ timeout: 40_000 });
    await shot(page, widget, `error-list-${tag}`);
    await page.close();
  }
}

await browser.close();
await site.stop();
await server.stop();
console.log(shots.join('\n'));
