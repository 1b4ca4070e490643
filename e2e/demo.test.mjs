// The demo as a storefront: the merchant panel beside the widget drives the real merchant
// API (switch the policy, decide requests, move items along the chain, reset), and the
// widget shows each change. The server's state is checked after the browser's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoForFile, openOrder, screenshot, watchPage } from './harness.mjs';

const demo = demoForFile({ preset: 'tiktok_shop' });

const api = async (path, token = 'demo-merchant') =>
  (await fetch(`${demo.server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
const orderNumbered = async (number) =>
  (await api(`/v1/orders?status=all&limit=50&q=${number}`, 'demo-shopper')).orders.find((o) => o.number === number);

async function openDemo() {
  const page = await demo.browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const watched = watchPage(page);
  await page.goto(demo.site.url);
  await page.locator('order-cancel-widget .oc-card').first().waitFor();
  await page.locator('#demo-order option').first().waitFor({ state: 'attached' });
  return { page, watched, widget: page.locator('order-cancel-widget'), panel: page.locator('.demo-panel').first() };
}

test('the merchant panel: a request approved, an item moved on, the policy switched, the data reset', async () => {
  const { page, watched, widget, panel } = await openDemo();
  await screenshot(page, 'demo-storefront');

  // The shopper asks to cancel a packed item; the request shows in the panel.
  await openOrder(widget, 'PO-10417');
  await widget.getByRole('button', { name: 'Request cancellation' }).click();
  await widget.getByRole('dialog').getByRole('combobox').selectOption('wrong_address');
  await widget.getByRole('dialog').getByRole('button', { name: 'Send request' }).click();
  await widget.getByText('Request sent to the seller').waitFor();
  const request = panel.locator('#demo-requests li', { hasText: 'PO-10417' });
  await request.waitFor();
  await screenshot(page, 'demo-request-pending');
  await request.getByRole('button', { name: 'Approve' }).click();
  await panel.getByText(/Approving the request for PO-10417: done/).waitFor();
  await widget.getByText('Approved by the seller').waitFor(); // the panel refreshed the widget
  assert.equal((await orderNumbered('PO-10417')).items[0].state, 'cancelled', 'approved on the server');

  // Fulfilment: the beanie of PO-10421 goes from paid to processing, and the widget says so.
  const po10421 = await orderNumbered('PO-10421');
  await page.locator('#demo-order').selectOption(po10421.id);
  const beanie = panel.locator('#demo-items li', { hasText: 'Merino wool beanie' });
  await beanie.getByRole('button', { name: '→ processing' }).click();
  await panel.getByText(/Moving Merino wool beanie to processing: done/).waitFor();
  const onServer = (await orderNumbered('PO-10421')).items.find((i) => i.title === 'Merino wool beanie');
  assert.equal(onServer.state, 'processing');
  await widget.getByRole('button', { name: /Back to my orders/ }).click();
  await openOrder(widget, 'PO-10421');
  await widget.locator('.oc-item', { hasText: 'Merino wool beanie' }).getByText('Processing').first().waitFor();

  // Policy: under Amazon a processing item is past cancelling (TikTok Shop cancels it);
  // the widget re-reads the policy.
  await page.locator('#demo-preset').selectOption('amazon');
  await panel.getByText(/Switching the policy to Amazon: done/).waitFor();
  assert.equal((await api('/v1/policy', 'demo-shopper')).name, 'amazon');
  await widget.getByRole('button', { name: /Back to my orders/ }).click();
  await openOrder(widget, 'PO-10419');
  const board = widget.locator('.oc-item', { hasText: 'Bamboo cutting board' });
  await board.locator('.oc-guidance').getByText(/refuse the delivery/).waitFor();
  await board.getByRole('button', { name: 'I will refuse the delivery', exact: true }).waitFor();
  assert.equal(await board.getByRole('button', { name: 'Cancel item' }).count(), 0);

  // Reset: the approved cancellation is gone again.
  await panel.getByRole('button', { name: 'Reset the demo data' }).click();
  await panel.getByText(/Resetting the demo data: done/).waitFor();
  assert.equal((await orderNumbered('PO-10417')).items[0].state, 'packed', 'seeded again');
  assert.deepEqual(watched.errors.filter((e) => e.startsWith('pageerror')), []);
  await page.close();
});
