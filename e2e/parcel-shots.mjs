// Screenshots of the parcel requests' screens (issue 26) at 1100 and 375 px, for looking at
// them: an item with its button, the dialog in parcel mode, the result, and the history at
// each stage (asked, stopped, back with the refund pending, refunded; not stopped), then
// Amazon's refusal notice. Not a test: `node e2e/parcel-shots.mjs` after
// `cargo build -p order-cancel-server` and `trunk build --release --offline`; PNGs in e2e/shots/.
import { startServer, serveDist, launchBrowser, screenshot } from './harness.mjs';

const merchant = (server) => async (method, path, body) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: 'Bearer demo-merchant', 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
};

async function shopperOrder(server, number) {
  const res = await fetch(`${server.url}/v1/orders?status=all&limit=50&q=${number}`, {
    headers: { authorization: 'Bearer demo-shopper' },
  });
  return (await res.json()).orders.find((o) => o.number === number);
}

/** The demo under `preset` with order `number`'s first item shipped: `use` gets the server,
 *  the site, a page at 1100 px, the merchant's `call`, the order and the item; all stop after. */
async function withShippedItem(preset, number, use) {
  const server = await startServer({ preset });
  const site = await serveDist({ apiUrl: server.url });
  const browser = await launchBrowser();
  const call = merchant(server);
  try {
    const order = await shopperOrder(server, number);
    const item = order.items[0];
    await call('PATCH', `/v1/merchant/orders/${order.id}/items/${item.id}`, { state: 'shipped' });
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await use({ server, site, page, call, order, item });
    await page.close();
  } finally {
    await browser.close();
    await site.stop();
    await server.stop();
  }
}

/** e2e/shots/parcel-<kind>-<width>-<step>.png at 1100 px and at 375 px. */
async function shootBoth(page, kind, step) {
  await screenshot(page, `parcel-${kind}-1100-${step}`);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.waitForTimeout(200);
  await screenshot(page, `parcel-${kind}-375-${step}`);
  await page.setViewportSize({ width: 1100, height: 900 });
}

async function run(preset, number, kind) {
  await withShippedItem(preset, number, async ({ server, site, page, call, item }) => {
    const shoot = (step) => shootBoth(page, kind, step);
    await page.goto(site.url);
    const widget = page.locator('order-cancel-widget').first();
    const open = async () => {
      await widget.getByRole('button', { name: `Order ${number}`, exact: true }).click();
      await widget.locator('.oc-item').first().waitFor();
    };
    const list = async () => {
      await page.reload();
      await widget.locator('.oc-card').first().waitFor();
    };
    await widget.locator('.oc-card').first().waitFor();
    await open();
    const row = widget.locator('.oc-item', { hasText: item.title });
    const name = kind === 'interception' ? 'Ask to stop the parcel' : 'I will refuse the delivery';
    await row.getByRole('button', { name }).waitFor();
    await shoot('1-item');
    await row.getByRole('button', { name }).click();
    const dialog = widget.getByRole('dialog');
    await dialog.locator('.oc-quote__next').waitFor();
    await shoot('2-dialog');
    const reasons = dialog.getByRole('combobox').last();
    const values = await reasons.locator('option').evaluateAll((os) => os.map((o) => o.value));
    await reasons.selectOption(values[1]);
    await dialog.getByRole('button', { name: kind === 'interception' ? 'Send request' : 'Send notice' }).click();
    await widget.locator('.oc-result').waitFor();
    await page.waitForTimeout(300);
    await shoot('3-result');
    await list();
    await shoot('4-list-asked');
    const asked = (await shopperOrder(server, number)).parcel_requests[0];
    const moves = kind === 'interception' ? ['intercepted', 'returned'] : ['returned'];
    for (const status of moves) {
      await call('PATCH', `/v1/merchant/parcel-requests/${asked.id}`, { status });
      await list();
      await shoot(`5-list-${status}`);
      await open();
      await widget.locator('.oc-history').waitFor();
      await shoot(`6-history-${status}`);
    }
    const refunds = (await shopperOrder(server, number)).refunds;
    await call('PATCH', `/v1/merchant/refunds/${refunds[0].id}`, { status: 'succeeded' });
    await list();
    await open();
    await widget.locator('.oc-history').waitFor();
    await shoot('7-history-refunded');
  });
}

/** A parcel that cannot be stopped (independent shop) or is delivered anyway (Amazon). */
async function notStopped(preset, number, kind, status) {
  await withShippedItem(preset, number, async ({ server, site, page, call, order, item }) => {
    const key = `shots-${kind}`;
    const res = await fetch(`${server.url}/v1/orders/${order.id}/parcel-requests`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer demo-shopper', 'content-type': 'application/json',
        'if-match': `"${order.version + 1}"`, 'idempotency-key': key,
      },
      body: JSON.stringify({ kind: kind === 'interception' ? 'interception_request' : 'refusal_notice', item_id: item.id, quantity: item.quantity, reason_code: kind === 'interception' ? 'wrong_purchase' : 'changed_mind' }),
    });
    if (!res.ok) throw new Error(`ask: ${res.status} ${await res.text()}`);
    const asked = (await res.json()).parcel_request;
    await call('PATCH', `/v1/merchant/parcel-requests/${asked.id}`, { status });
    if (status === 'delivered_anyway') {
      await call('PATCH', `/v1/merchant/orders/${order.id}/items/${item.id}`, { state: 'delivered' });
    }
    await page.goto(site.url);
    const widget = page.locator('order-cancel-widget').first();
    await widget.getByRole('button', { name: `Order ${number}`, exact: true }).click();
    await widget.locator('.oc-history').waitFor();
    await shootBoth(page, kind, `8-history-${status}`);
  });
}

await run('independent_shop', 'PO-10417', 'interception');
await run('amazon', 'PO-10417', 'refusal');
await notStopped('independent_shop', 'PO-10417', 'interception', 'not_interceptable');
await notStopped('amazon', 'PO-10417', 'refusal', 'delivered_anyway');
console.log('shots in e2e/shots/');
