// Every shopper journey end to end: the Trunk-built demo in Chromium against the real server
// (TikTok Shop preset), a fresh server per journey, the server's state checked after the
// browser's. Changes the store makes meanwhile go through its real merchant API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveDist, launchBrowser, screenshot, watchPage, audit, openOrder } from './harness.mjs';

const browser = await launchBrowser();
test.after(() => browser.close());

/** Runs `journey` against a fresh seeded server and the demo page. */
async function withDemo(journey) {
  const server = await startServer({ preset: 'tiktok_shop' });
  const site = await serveDist({ apiUrl: server.url });
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  const watched = watchPage(page);
  const call = async (method, path, { token = 'demo-merchant', body } = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: await res.json() };
  };
  const order = async (number, token = 'demo-shopper') =>
    (await call('GET', `/v1/orders?status=all&limit=50&q=${encodeURIComponent(number)}`, { token })).json.orders.find((o) => o.number === number);
  const widget = page.locator('order-cancel-widget');
  const open = (number) => openOrder(widget, number);
  try {
    await page.goto(site.url);
    await widget.locator('.oc-card').first().waitFor();
    await journey({ page, widget, open, call, order, server });
    assert.deepEqual(watched.errors.filter((e) => e.startsWith('pageerror')), [], 'no uncaught errors');
  } finally {
    await page.close();
    await site.stop();
    await server.stop();
  }
}

const item = (order, title) => order.items.find((i) => i.title === title);
const dialog = (widget) => widget.getByRole('dialog');

test('cancel a whole order: every item cancelled, everything paid refunded', () =>
  withDemo(async ({ widget, open, order }) => {
    const before = await order('PO-10419');
    await open('PO-10419');
    await widget.getByRole('button', { name: 'Cancel entire order' }).click();
    await dialog(widget).getByRole('combobox').selectOption('changed_mind');
    await dialog(widget).getByRole('button', { name: 'Cancel items' }).click();
    await widget.locator('.oc-result').getByText(/^Cancelled\./).waitFor();
    const after = await order('PO-10419');
    assert.ok(after.items.every((i) => i.state === 'cancelled' && i.cancelled_quantity === i.quantity));
    const paid = before.items.reduce((sum, i) => sum + (i.unit_price.amount + i.unit_tax) * i.quantity, 0)
      + before.shipping.reduce((sum, s) => sum + s.amount, 0) - before.discount;
    assert.equal(after.refunded, paid, 'what was paid comes back');
  }));

test('part of a quantity, under a merchant policy that allows it', () =>
  withDemo(async ({ page, widget, open, order, call }) => {
    const { json: policy } = await call('GET', '/v1/policy', { token: 'demo-shopper' });
    assert.equal((await call('PUT', '/v1/merchant/policy', { body: { policy: { ...policy, name: 'partial', partial_quantity: true } } })).status, 200);
    await widget.evaluate((el) => el.refresh());
    await open('PO-10419');
    const wraps = widget.locator('.oc-item', { hasText: 'Beeswax food wraps' });
    await wraps.getByRole('checkbox').check();
    // Picked with the keyboard: the picker keeps the focus from one choice to the next.
    const picker = wraps.getByRole('combobox');
    await picker.focus();
    await widget.getByRole('button', { name: 'Cancel selected (3)' }).waitFor();
    await page.keyboard.press('ArrowUp');
    await widget.getByRole('button', { name: 'Cancel selected (2)' }).waitFor();
    await page.keyboard.press('ArrowUp');
    await widget.getByRole('button', { name: 'Cancel selected (1)' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await widget.getByRole('button', { name: 'Cancel selected (2)' }).waitFor();
    assert.equal(await picker.evaluate((el) => el.getRootNode().activeElement === el), true, 'the picker keeps the focus');
    await screenshot(page, 'journey-partial-quantity');
    await widget.getByRole('button', { name: 'Cancel selected (2)' }).click();
    await dialog(widget).getByRole('combobox').selectOption('changed_mind');
    await dialog(widget).getByRole('button', { name: 'Cancel items' }).click();
    await widget.locator('.oc-result').getByText(/^Cancelled\./).waitFor();
    const after = item(await order('PO-10419'), 'Beeswax food wraps');
    assert.deepEqual([after.quantity, after.cancelled_quantity], [3, 2]);
    await wraps.getByText(/2 of 3 cancelled/i).waitFor();
  }));

test('a request the seller denies: the widget shows it after a refresh, the item is back', () =>
  withDemo(async ({ widget, open, order, call }) => {
    await open('PO-10417');
    await widget.getByRole('button', { name: 'Request cancellation' }).click();
    await dialog(widget).getByRole('combobox').selectOption('wrong_address');
    await dialog(widget).getByRole('button', { name: 'Send request' }).click();
    await widget.getByText('Request sent to the seller').waitFor();
    const { json } = await call('GET', '/v1/merchant/cancellation-requests');
    const mine = json.cancellation_requests.find((r) => r.order_number === 'PO-10417');
    const decided = await call('POST', `/v1/merchant/orders/${mine.order_id}/cancellations/${mine.cancellation.id}/decision`, { body: { approve: false } });
    assert.equal(decided.status, 200);
    await widget.evaluate((el) => el.refresh());
    await widget.getByText('Denied by the seller').waitFor();
    const skillet = item(await order('PO-10417'), 'Cast iron skillet 26 cm');
    assert.deepEqual([skillet.state, skillet.cancelled_quantity, skillet.requested_quantity], ['packed', 0, 0]);
    // Packed again: the shopper may ask once more.
    await widget.getByRole('button', { name: 'Request cancellation' }).waitFor();
  }));

test('packed, shipped and delivered items get the guidance for their state, no button that pretends', () =>
  withDemo(async ({ widget, open }) => {
    await open('PO-10417'); // packed: TikTok Shop sends a request to the seller
    await widget.getByText(/^Packed, awaiting carrier pickup: /).waitFor();
    await widget.getByRole('button', { name: /Back to my orders/ }).click();
    await open('PO-10411'); // shipped: refuse the delivery
    await widget.getByText(/refuse the delivery/).waitFor();
    assert.equal(await widget.getByRole('button', { name: /Cancel item|Request cancellation/ }).count(), 0);
    await widget.getByRole('link', { name: 'Contact support' }).waitFor();
    await widget.getByRole('button', { name: /Back to my orders/ }).click();
    await open('PO-10409'); // delivered: return it
    const earbuds = widget.locator('.oc-item', { hasText: 'Wireless earbuds' });
    await earbuds.getByText(/return/i).first().waitFor();
    assert.equal(await earbuds.getByRole('button').count(), 0);
    assert.equal(await earbuds.getByRole('link', { name: /return/i }).getAttribute('href'), '#returns');
  }));

test('a free-cancellation window that closes while the page is open', () =>
  withDemo(async ({ widget, call, order }) => {
    const { json: policy } = await call('GET', '/v1/policy', { token: 'demo-shopper' });
    await call('PUT', '/v1/merchant/policy', {
      body: { policy: { ...policy, name: 'window', free_cancellation_minutes: 1, after_window: 'request_cancellation' } },
    });
    // The store syncs an order placed 45 s ago: 15 s of its minute are left.
    const placed = new Date(Date.now() - 45_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const synced = await call('PUT', '/v1/merchant/orders/shop-win-1', {
      body: {
        shopper_id: 'alice', number: 'WIN-1', placed_at: placed, currency: 'EUR', discount: 0,
        shipping: [{ seller_id: 'store', amount: 0 }],
        items: [{ id: 'w1', sku: 'TEA-1', title: 'Sencha tea', quantity: 1, seller: { id: 'store', name: 'Nordlicht Home' },
          unit_price: { amount: 900, currency: 'EUR' }, unit_tax: 0, state: 'paid' }],
      },
    });
    assert.ok([200, 201].includes(synced.status), JSON.stringify(synced.json));
    await widget.evaluate((el) => el.setAttribute('initial-order', 'shop-win-1'));
    await widget.getByText(/Cancellable until .* left\)/).waitFor();
    await widget.getByRole('button', { name: 'Cancel item' }).waitFor();
    // The countdown runs out on screen and the offer turns into a request, without a reload.
    await widget.getByRole('button', { name: 'Request cancellation' }).waitFor({ timeout: 30_000 });
    assert.equal(await widget.getByRole('button', { name: 'Cancel item' }).count(), 0);
    await widget.getByRole('button', { name: 'Request cancellation' }).click();
    await dialog(widget).getByRole('combobox').selectOption('changed_mind');
    await dialog(widget).getByRole('button', { name: 'Send request' }).click();
    await widget.getByText('Request sent to the seller').waitFor();
    assert.equal((await order('WIN-1')).cancellations[0].status, 'requested', 'the server agrees: a request');
  }));

test('the network drops the answer after the server committed; the retry cancels exactly once', () =>
  withDemo(async ({ page, widget, open, order }) => {
    let dropped = 0;
    // Every try of the first submission reaches the server, then loses its answer.
    await page.route('**/api/v1/orders/*/cancellations', async (route) => {
      await route.fetch();
      dropped += 1;
      await route.abort('connectionreset');
    });
    await open('PO-10421');
    await widget.locator('.oc-item', { hasText: 'Merino wool beanie' }).getByRole('button', { name: 'Cancel item' }).click();
    await dialog(widget).getByRole('combobox').selectOption('changed_mind');
    await dialog(widget).getByRole('button', { name: 'Cancel item' }).click();
    await widget.getByText(/We could not reach the store/).waitFor({ timeout: 30_000 });
    assert.ok(dropped >= 1);
    assert.deepEqual(await audit(page, 'result-unreachable'), []);
    await screenshot(page, 'journey-unreachable');
    await page.unroute('**/api/v1/orders/*/cancellations');
    await widget.getByRole('button', { name: 'Try again' }).click();
    await widget.locator('.oc-result').getByText(/^Cancelled\./).waitFor();
    const after = await order('PO-10421');
    assert.equal(after.cancellations.length, 1, 'one cancellation, however many tries');
    assert.equal(item(after, 'Merino wool beanie').cancelled_quantity, 1);
  }));

test('an order changed on the server between view and submit is explained with the new options', () =>
  withDemo(async ({ page, widget, open, order, call }) => {
    await open('PO-10421');
    const seen = await order('PO-10421');
    // The warehouse packs the beanie while the shopper reads.
    const moved = await call('PATCH', `/v1/merchant/orders/${seen.id}/items/${item(seen, 'Merino wool beanie').id}`, { body: { state: 'packed' } });
    assert.equal(moved.status, 200);
    await widget.locator('.oc-item', { hasText: 'Merino wool beanie' }).getByRole('button', { name: 'Cancel item' }).click();
    await dialog(widget).getByRole('combobox').selectOption('changed_mind');
    await dialog(widget).getByRole('button', { name: 'Cancel item' }).click();
    const banner = widget.locator('.oc-result');
    await banner.getByText(/Your order changed while you were looking/).waitFor();
    await banner.getByText(/Merino wool beanie/).waitFor();
    assert.match(await banner.textContent(), /Packed, awaiting carrier pickup/);
    assert.deepEqual(await audit(page, 'result-changed'), []);
    await screenshot(page, 'journey-changed');
    const after = await order('PO-10421');
    assert.equal(after.cancellations.length, 0, 'nothing cancelled');
    // The details reloaded: the beanie now offers a request.
    await widget.locator('.oc-item', { hasText: 'Merino wool beanie' }).getByRole('button', { name: 'Request cancellation' }).waitFor();
  }));

test("another shopper's order id in the config: not found, nothing of theirs shown", () =>
  withDemo(async ({ page, widget, order }) => {
    const bobs = await order('PO-20011', 'demo-shopper-2');
    assert.ok(bobs, "bob's order exists");
    await widget.evaluate((el, id) => el.setAttribute('initial-order', id), bobs.id);
    await widget.getByText('We could not find this order. It may belong to another account.').waitFor();
    const shown = await widget.evaluate((el) => el.shadowRoot.textContent);
    assert.doesNotMatch(shown, /Espresso tamper|PO-20011|29[.,]00/);
    assert.deepEqual(await audit(page, 'not-found'), []);
    await screenshot(page, 'journey-not-found');
  }));
