// The walking skeleton and every shopper flow, end to end: the Trunk-built demo in Chromium
// against the real server (TikTok Shop preset: cancel before packing, packed → request,
// in transit → refuse delivery).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SHOTS, demoForFile, openOrder, screenshot, watchPage } from './harness.mjs';

const demo = demoForFile({ preset: 'tiktok_shop' });

const widget = (page) => page.locator('order-cancel-widget');

async function openDemo(viewport = { width: 1100, height: 900 }) {
  const page = await demo.browser.newPage({ viewport });
  const watched = watchPage(page);
  await page.goto(demo.site.url);
  await widget(page).getByText('PO-10421').waitFor();
  return { page, watched };
}

test('the demo page lists the seeded orders through /api, without page errors', async () => {
  const { page, watched } = await openDemo();
  await screenshot(page, 'demo-orders');
  // Newest first, one page of ten, as the seed wrote them.
  const numbers = await widget(page).locator('.oc-card__number').allTextContents();
  assert.equal(numbers.length, 10);
  assert.equal(numbers[0], 'Order PO-10421');
  assert.equal(numbers[9], 'Order PO-10412');
  assert.ok(demo.site.requests.some((r) => r.path.startsWith('/v1/orders')), 'the widget called the API through /api');
  assert.deepEqual(watched.errors.filter((e) => e.startsWith('pageerror')), []);
  await page.close();
});

test('cancel one item with a reason: refund shown, host page told, order in the Cancelled tab', async () => {
  const { page, watched } = await openDemo();
  await openOrder(widget(page), 'PO-10421');
  await screenshot(page, 'flow-details');
  const beanie = widget(page).locator('.oc-item', { hasText: 'Merino wool beanie' });
  await beanie.getByRole('button', { name: 'Cancel item' }).click();
  const dialog = widget(page).getByRole('dialog');
  await dialog.waitFor();
  // 29 € − its pro-rata share of the 5 € voucher (1.95 €) + 20 % tax (5.80 €) = 32.85 €.
  await assert.doesNotReject(dialog.getByText('€32.85').waitFor({ timeout: 5000 }));
  await dialog.getByRole('button', { name: 'Cancel item' }).click();
  await dialog.getByText('Please choose a reason.').waitFor();
  await dialog.getByRole('combobox').selectOption('changed_mind');
  await screenshot(page, 'flow-dialog');
  await dialog.getByRole('button', { name: 'Cancel item' }).click();
  // The refund to the original payment method, in the result (where it stands: pending).
  await widget(page).locator('.oc-result').getByText(/^Cancelled\./).waitFor();
  await widget(page).locator('.oc-result').getByText(/€32\.85 .*original payment method/).waitFor();
  await widget(page).getByText('History', { exact: true }).waitFor();
  await screenshot(page, 'flow-cancelled');
  await page.getByText(/completed: PO-10421/).waitFor();
  assert.deepEqual(watched.errors.filter((e) => e.startsWith('pageerror')), []);

  await widget(page).getByRole('button', { name: /Back to my orders/ }).click();
  await widget(page).getByRole('tab', { name: 'Cancelled' }).click();
  await widget(page).getByText('PO-10421').waitFor();
  await page.close();
});

test('a packed item becomes a request; the seller approves it', async () => {
  const { page } = await openDemo();
  await openOrder(widget(page), 'PO-10417');
  await widget(page).getByText('Packed, awaiting carrier pickup: the seller decides').waitFor();
  await widget(page).getByRole('button', { name: 'Request cancellation' }).click();
  const dialog = widget(page).getByRole('dialog');
  await dialog.getByRole('combobox').selectOption('wrong_address');
  await dialog.getByRole('button', { name: 'Send request' }).click();
  await widget(page).getByText('Request sent to the seller').waitFor();
  await widget(page).getByText('waiting for the seller').waitFor();
  // TikTok Shop gives the seller 48 hours; silence approves. The shopper is told both.
  const deadlineText = widget(page).locator('.oc-item', { hasText: 'Cast iron skillet' }).getByText(/The seller has until .+ to answer\. If they do not, the cancellation goes through/);
  await deadlineText.waitFor();

  // The merchant approves through the API; the shopper sees it after a refresh.
  const auth = { authorization: 'Bearer demo-merchant' };
  const pending = await (await fetch(`${demo.server.url}/v1/merchant/cancellation-requests`, { headers: auth })).json();
  const mine = pending.cancellation_requests.find((r) => r.order_number === 'PO-10417');
  assert.ok(mine, 'the request reached the merchant');
  const hoursLeft = (Date.parse(mine.cancellation.respond_by) - Date.now()) / 3_600_000;
  assert.ok(hoursLeft > 47.9 && hoursLeft <= 48, `respond_by is ${hoursLeft} h away`);
  assert.equal(mine.cancellation.if_unanswered, 'approve');
  const shown = await deadlineText.textContent();
  const when = new Date(mine.cancellation.respond_by).toLocaleString('en', { month: 'short', day: 'numeric' });
  assert.ok(shown.includes(when), `"${shown}" names the day of ${mine.cancellation.respond_by}`);
  const decided = await fetch(
    `${demo.server.url}/v1/merchant/orders/${mine.order_id}/cancellations/${mine.cancellation.id}/decision`,
    { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"approve":true}' },
  );
  assert.equal(decided.status, 200);
  await page.evaluate(() => document.querySelector('order-cancel-widget').refresh());
  await widget(page).getByText('Approved by the seller').waitFor();
  await page.close();
});

test('guidance instead of buttons when it is too late', async () => {
  const { page } = await openDemo();
  await openOrder(widget(page), 'PO-10411');
  await widget(page).getByText(/refuse the delivery/).waitFor();
  assert.equal(await widget(page).getByRole('button', { name: 'Cancel item' }).count(), 0);
  await widget(page).getByRole('link', { name: 'Contact support' }).waitFor();
  await page.close();
});

test('keyboard: Enter opens the dialog, focus starts on Keep, Escape closes it', async () => {
  const { page } = await openDemo();
  await openOrder(widget(page), 'PO-10419');
  const cancelBoard = widget(page).locator('.oc-item', { hasText: 'Bamboo cutting board' }).getByRole('button', { name: 'Cancel item' });
  await cancelBoard.focus();
  await page.keyboard.press('Enter');
  const dialog = widget(page).getByRole('dialog');
  await dialog.waitFor();
  const focused = () => page.evaluate(() => document.querySelector('order-cancel-widget').shadowRoot.activeElement?.textContent);
  await page.waitForFunction(() => document.querySelector('order-cancel-widget').shadowRoot.activeElement?.textContent === 'Keep my order');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await focused(), 'Cancel item');
  await page.close();
});

test('usable at 320 px: nothing overflows sideways', async () => {
  const { page } = await openDemo({ width: 320, height: 700 });
  await screenshot(page, 'mobile-list');
  await openOrder(widget(page), 'PO-10419');
  await widget(page).getByRole('button', { name: 'Cancel entire order' }).click();
  await widget(page).getByRole('dialog').waitFor();
  await screenshot(page, 'mobile-dialog');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 320, `page is ${overflow}px wide`);
  // Inside the shadow root too: the widget's own content fits its box.
  await widget(page).getByRole('button', { name: 'Keep my order' }).click();
  await widget(page).getByRole('button', { name: /Back to my orders/ }).click();
  await widget(page).getByRole('button', { name: 'Order PO-10419', exact: true }).waitFor(); // the list as it was left
  const inner = await page.evaluate(() => {
    const root = document.querySelector('order-cancel-widget').shadowRoot.querySelector('.oc-widget');
    return { scroll: root.scrollWidth, client: root.clientWidth };
  });
  assert.ok(inner.scroll <= inner.client, `widget content is ${inner.scroll}px in a ${inner.client}px box`);
  await page.close();
});

test('a slow store: the next page shows a wait where it was asked for, a quick one no flash', async () => {
  const { page } = await openDemo();
  const inShadow = (selector) => `document.querySelector('order-cancel-widget').shadowRoot.querySelector(${JSON.stringify(selector)})`;
  const seen = (selector) => page.waitForFunction(`(() => { const el = ${inShadow(selector)}; return el && getComputedStyle(el).visibility === 'visible'; })()`);
  const boxOf = (locator) => locator.boundingBox();
  const apart = (a, b) => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
  const hold = async (pattern) => {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route(pattern, async (route) => { await held; await route.continue(); });
    return release;
  };
  // The store takes its time for the second page.
  const release = await hold('**/v1/orders?*cursor=*');
  await widget(page).getByRole('button', { name: 'Next page' }).click();
  const wait = widget(page).locator('.oc-pager__wait');
  await wait.waitFor({ state: 'attached' });
  // Hidden for its first 300 ms, so a quick answer does not flash; then seen.
  const style = await wait.evaluate((el) => { const s = getComputedStyle(el); return `${s.animationName} ${s.animationDelay}`; });
  assert.equal(style, 'oc-appear 0.3s');
  await seen('.oc-pager__wait');
  assert.equal(await wait.textContent(), 'Loading your orders…');
  assert.equal(await widget(page).locator('.oc-list__wait .oc-wait').count(), 0, 'a page turn waits by the pager only');
  assert.equal(await widget(page).locator('.oc-card').count(), 10, 'the page being replaced stays');
  // Seen where the shopper is, by the button just pressed, and covering neither button.
  for (const width of [1100, 375]) {
    await page.setViewportSize({ width, height: 800 });
    await widget(page).locator('.oc-pager').scrollIntoViewIfNeeded();
    const box = await boxOf(wait);
    assert.ok(box.y >= 0 && box.y + box.height <= 800, `the wait is off screen at ${width} px: ${JSON.stringify(box)}`);
    for (const name of ['Previous page', 'Next page']) {
      assert.ok(apart(box, await boxOf(widget(page).getByRole('button', { name }))), `the wait covers ${name} at ${width} px`);
    }
    await page.screenshot({ path: `${SHOTS}/flow-next-page-wait-${width}.png` });
  }
  release();
  await widget(page).getByText('PO-10411').waitFor();
  assert.equal(await wait.count(), 0);
  // A tab asked for at the top: its wait shows there, over the list, taking no clicks.
  await page.setViewportSize({ width: 1100, height: 900 });
  const releaseTab = await hold('**/v1/orders?*status=shipped*');
  await widget(page).getByRole('tab', { name: 'Shipped' }).click();
  const top = widget(page).locator('.oc-list__wait .oc-wait');
  await top.waitFor({ state: 'attached' });
  await seen('.oc-list__wait .oc-wait');
  const topBox = await boxOf(top);
  assert.ok(topBox.y >= 0 && topBox.y + topBox.height <= 900, `the tab's wait is off screen: ${JSON.stringify(topBox)}`);
  assert.equal(await top.evaluate((el) => getComputedStyle(el).pointerEvents), 'none');
  await page.screenshot({ path: `${SHOTS}/flow-tab-wait.png` });
  releaseTab();
  await top.waitFor({ state: 'detached' });
  await page.close();
});
