// Parcel requests (issue 26) on the demo's merchant panel: the store ships an item, the
// shopper asks to stop its parcel (independent shop) or says they will refuse it (Amazon),
// and the panel follows each request to its end with the real merchant API; the server's
// state is checked after the browser's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoForFile, screenshot, watchPage } from './harness.mjs';

const demo = demoForFile({ preset: 'independent_shop' });

const call = async (method, path, { token = 'demo-merchant', body, headers = {} } = {}) => {
  const response = await fetch(`${demo.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
};
const orderNumbered = async (number) =>
  (await call('GET', `/v1/orders?status=all&limit=50&q=${number}`, { token: 'demo-shopper' })).body.orders.find(
    (o) => o.number === number,
  );

// The shopper's request, as the widget sends it: the order's ETag and a fresh key.
async function ask(number, kind, reason) {
  const order = await orderNumbered(number);
  const item = order.items[0];
  const answer = await call('POST', `/v1/orders/${order.id}/parcel-requests`, {
    token: 'demo-shopper',
    headers: { 'if-match': `"${order.version}"`, 'idempotency-key': `e2e-${number}-${kind}` },
    body: { kind, item_id: item.id, quantity: item.quantity, reason_code: reason },
  });
  assert.equal(answer.status, 201, JSON.stringify(answer.body));
  return answer.body.parcel_request;
}

async function openDemo() {
  const page = await demo.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const watched = watchPage(page);
  await page.goto(demo.site.url);
  await page.locator('order-cancel-widget .oc-card').first().waitFor();
  await page.locator('#demo-order option').first().waitFor({ state: 'attached' });
  return { page, watched, panel: page.locator('.demo-panel').first() };
}

test('the panel ships an item, then follows its interception to the refund', async () => {
  const { page, watched, panel } = await openDemo();
  const po10417 = await orderNumbered('PO-10417');
  await page.locator('#demo-order').selectOption(po10417.id);
  const skillet = panel.locator('#demo-items li', { hasText: 'Cast iron skillet 26 cm' });
  await skillet.getByRole('button', { name: '→ shipped' }).click();
  await panel.getByText(/Moving Cast iron skillet 26 cm to shipped: done/).waitFor();
  assert.equal((await orderNumbered('PO-10417')).items[0].state, 'shipped');

  const request = await ask('PO-10417', 'interception_request', 'wrong_purchase');
  await page.reload();
  const row = panel.locator('#demo-parcels li', { hasText: 'PO-10417' });
  await row.getByText('1 × Cast iron skillet 26 cm (stop the parcel): requested').waitFor();
  await screenshot(page, 'parcels-panel-requested');
  await row.getByRole('button', { name: 'Mark intercepted' }).click();
  await panel.getByText(/Marking the parcel of PO-10417 intercepted: done/).waitFor();
  await row.getByText(/: intercepted$/).waitFor();
  await row.getByRole('button', { name: 'Mark returned' }).click();
  await panel.getByText(/Marking the parcel of PO-10417 returned: done/).waitFor();
  await row.getByText(/: returned$/).waitFor();
  assert.equal(await row.getByRole('button').count(), 0, 'a returned parcel has nothing left to answer');

  // The refund it opened is on the payment side's list, pending, and is paid out there.
  const refund = panel.locator('#demo-refunds li', { hasText: 'PO-10417' });
  await refund.getByText(/: pending$/).waitFor();
  await refund.getByRole('button', { name: 'Mark succeeded' }).click();
  await refund.getByText(/: succeeded$/).waitFor();
  const order = await orderNumbered('PO-10417');
  assert.deepEqual(
    [order.parcel_requests[0].id, order.parcel_requests[0].status, order.items[0].state, order.refunds[0].status],
    [request.id, 'returned', 'cancelled', 'succeeded'],
  );
  assert.deepEqual(watched.errors.filter((e) => e.startsWith('pageerror')), []);
  await page.close();
});

test('under Amazon the panel answers a refusal notice: delivered anyway', async () => {
  const { page, watched, panel } = await openDemo();
  await page.locator('#demo-preset').selectOption('amazon');
  await panel.getByText(/Switching the policy to Amazon: done/).waitFor();
  await ask('PO-10411', 'refusal_notice', 'changed_mind');
  await page.reload();
  const row = panel.locator('#demo-parcels li', { hasText: 'PO-10411' });
  await row.getByText('1 × Trail running shoes, size 42 (will refuse it): noticed').waitFor();
  await row.getByRole('button', { name: 'Delivered anyway' }).click();
  await row.getByText(/: delivered anyway$/).waitFor();
  const order = await orderNumbered('PO-10411');
  assert.deepEqual([order.parcel_requests[0].status, order.items[0].parcel_requested_quantity], ['delivered_anyway', 0]);
  assert.deepEqual(watched.errors.filter((e) => e.startsWith('pageerror')), []);
  // Back to the independent shop for whoever runs next in this file.
  await call('PUT', '/v1/merchant/policy', { body: { preset: 'independent_shop' } });
  await page.close();
});
