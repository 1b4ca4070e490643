// The Trunk-built demo against the real server: the widget loads and lists seeded orders.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveDist, launchBrowser, screenshot, watchPage } from './harness.mjs';

let server, site, browser;

before(async () => {
  server = await startServer();
  site = await serveDist({ apiUrl: server.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
});

test('demo page shows the seeded orders in the widget', async () => {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const { errors } = watchPage(page);
  await page.goto(site.url);

  // The widget renders into the open shadow root of <order-cancel-widget>; playwright's
  // locators pierce open shadow roots.
  const orderNumber = page.locator('order-cancel-widget').getByText(/PO-\d+/).first();
  try {
    await orderNumber.waitFor({ state: 'visible', timeout: 30_000 });
  } catch (err) {
    const shot = await screenshot(page, 'demo-failed');
    throw new Error(
      `no order number appeared in the widget (screenshot: ${shot})\n` +
        `page errors:\n  ${errors.join('\n  ') || '(none)'}\n` +
        `API calls: ${JSON.stringify(site.requests)}\n` +
        `server output:\n${server.log()}\n${err.message}`,
    );
  }
  await screenshot(page, 'demo-orders');

  assert.match(await orderNumber.textContent(), /PO-\d+/);
  assert.ok(site.requests.length > 0, 'the widget called the API through /api');
  assert.deepEqual(
    errors.filter((e) => e.startsWith('pageerror')),
    [],
    'no uncaught errors on the page',
  );
  await page.close();
});
