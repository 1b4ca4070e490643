// Accessibility: axe-core on every screen (list, details, dialog, each kind of result, the
// refunds' states), in English and German, at desktop width and at 375 px; and the whole
// cancel flow done with the keyboard alone. The Trunk-built demo against the real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoForFile, screenshot, audit } from './harness.mjs';

const demo = demoForFile({ preset: 'amazon' });

const widget = (page) => page.locator('order-cancel-widget');

/** The demo in `locale` at `width`, showing the first orders. */
async function open(locale, width) {
  // Each audit starts from the seeded data (the merchant API's demo reset).
  const reset = await fetch(`${demo.server.url}/v1/merchant/demo/reset`, { method: 'POST', headers: { authorization: 'Bearer demo-merchant' } });
  assert.equal(reset.status, 200);
  const page = await demo.browser.newPage({ viewport: { width, height: 900 }, locale });
  await page.goto(demo.site.url);
  await widget(page).evaluate((el, l) => el.setAttribute('locale', l), locale);
  await widget(page).locator('.oc-card').first().waitFor();
  return page;
}

const TEXT = {
  en: { card: /^Cancel items in order /, cancelledTab: 'Cancelled', note: /^1 of 2 items cancelled · €32\.85 refund pending$/, cancelItem: 'Cancel item', request: 'Request cancellation', send: 'Send request', back: /Back to my orders/, done: /Cancelled\./, sent: /Request sent/,
    changed: /Your order changed/, unreachable: /could not reach the store/, retry: 'Try again', refused: /did not go through/ },
  de: { card: /^Artikel stornieren in Bestellung /, cancelledTab: 'Storniert', note: /^1 von 2 Artikeln storniert · Erstattung von 32,85\s€ ausstehend$/, cancelItem: 'Artikel stornieren', request: 'Stornierung anfragen', send: 'Anfrage senden', back: /Zurück/, done: /Storniert\./, sent: /Anfrage an den Verkäufer gesendet/,
    changed: /Bestellung hat sich inzwischen geändert/, unreachable: /nicht erreichbar/, retry: 'Erneut versuchen', refused: /hat nicht geklappt/ },
};

for (const locale of ['en', 'de']) {
  for (const width of [1100, 375]) {
    test(`no accessibility violations on any screen (${locale}, ${width} px)`, async () => {
      const t = TEXT[locale];
      const page = await open(locale, width);
      const found = [];
      const check = async (screen) => {
        found.push(...(await audit(page, `${screen} ${locale} ${width}px`)));
        await screenshot(page, `a11y-${screen}-${locale}-${width}`);
      };
      await check('list');
      // An order with an item to cancel now and one sold by a marketplace seller (a request).
      const card = widget(page).locator('.oc-card').filter({ has: page.getByRole('button', { name: t.card }) }).first();
      await card.locator('.oc-card__number').click();
      await widget(page).getByRole('button', { name: t.back }).waitFor();
      await widget(page).locator('.oc-item').first().waitFor();
      await check('details');
      await widget(page).getByRole('button', { name: t.cancelItem }).first().click();
      await widget(page).getByRole('dialog').waitFor();
      await check('dialog');
      await widget(page).getByRole('dialog').getByRole('button', { name: t.cancelItem }).click();
      await widget(page).locator('.oc-result').getByText(t.done).first().waitFor();
      await check('result-done');
      // A marketplace seller's item (Amazon: the seller decides): the "request sent" result.
      await widget(page).getByRole('button', { name: t.back }).click();
      await widget(page).getByRole('searchbox').fill('PO-10414');
      await widget(page).getByRole('searchbox').press('Enter');
      await widget(page).locator('.oc-card__number', { hasText: 'PO-10414' }).click();
      await widget(page).getByRole('button', { name: t.request }).first().click();
      await widget(page).getByRole('dialog').getByRole('button', { name: t.send }).click();
      await widget(page).locator('.oc-result').getByText(t.sent).first().waitFor();
      await check('result-requested');
      // The store ships the notebook while the shopper looks: the "changed meanwhile" result.
      const shopper = { authorization: 'Bearer demo-shopper' };
      const po = (await (await fetch(`${demo.server.url}/v1/orders?status=all&q=PO-10414`, { headers: shopper })).json()).orders[0];
      const notebook = po.items.find((i) => i.title === 'Dotted notebook A5');
      const shipped = await fetch(`${demo.server.url}/v1/merchant/orders/${po.id}/items/${notebook.id}`, {
        method: 'PATCH', headers: { authorization: 'Bearer demo-merchant', 'content-type': 'application/json' }, body: '{"state":"shipped"}' });
      assert.equal(shipped.status, 200);
      await widget(page).locator('.oc-item', { hasText: 'Dotted notebook A5' }).getByRole('button', { name: t.cancelItem }).click();
      await widget(page).getByRole('dialog').getByRole('button', { name: t.cancelItem }).click();
      await widget(page).locator('.oc-result').getByText(t.changed).waitFor();
      await check('result-changed');
      // The network drops every try: the "could not reach the store" result; then the store
      // refuses the retry (a problem answer in this test): the "did not go through" result.
      await widget(page).getByRole('button', { name: t.back }).click();
      await widget(page).getByRole('searchbox').fill('PO-10416');
      await widget(page).getByRole('searchbox').press('Enter');
      await widget(page).locator('.oc-card__number', { hasText: 'PO-10416' }).click();
      const posts = '**/api/v1/orders/*/cancellations';
      await page.route(posts, (route) => route.abort('connectionreset'));
      await widget(page).getByRole('button', { name: t.cancelItem }).first().click();
      await widget(page).getByRole('dialog').getByRole('button', { name: t.cancelItem }).click();
      await widget(page).locator('.oc-result').getByText(t.unreachable).waitFor();
      await check('result-unreachable');
      await page.unroute(posts);
      await page.route(posts, (route) => route.fulfill({ status: 400, contentType: 'application/problem+json',
        body: JSON.stringify({ code: 'invalid_request', status: 400, detail: 'refused', refusals: [{ code: 'not_cancellable' }] }) }));
      await widget(page).getByRole('button', { name: t.retry }).click();
      await widget(page).locator('.oc-result').getByText(t.refused).waitFor();
      await check('result-refused');
      await page.unroute(posts);
      // The Cancelled tab: the first order's beanie, cancelled above, and where its money
      // stands (the demo's payment side has not paid it back: pending, not refunded).
      // Back, the list keeps the search for PO-10416: the shopper clears it.
      await widget(page).getByRole('button', { name: t.back }).click();
      await widget(page).getByRole('searchbox').fill('');
      await widget(page).getByRole('searchbox').press('Enter');
      await widget(page).getByRole('tab', { name: t.cancelledTab }).click();
      await widget(page).locator('.oc-card__cancelled').getByText(t.note).waitFor();
      await check('cancelled-tab');
      assert.deepEqual(found, []);
      await page.close();
    });
  }
}

// The refunds' states: the list's "Refund pending", the result with a pending refund, and a
// history with a refund in each settled state (succeeded with its bank reference, failed with
// the support link), made through the real shopper and merchant APIs.
const REFUND = {
  en: { pendingCard: 'Refund pending', pending: /pending, usually 5–7 business days/, succeeded: /refunded on/, failed: /failed/ },
  de: { pendingCard: 'Erstattung ausstehend', pending: /ausstehend, in der Regel 5–7 Werktage/, succeeded: /erstattet am/, failed: /fehlgeschlagen/ },
};

/** Cancels `title` of order `number` as the shopper (the API the widget uses); its refund. */
async function cancelByApi(number, title) {
  const shopper = { authorization: 'Bearer demo-shopper' };
  const list = await (await fetch(`${demo.server.url}/v1/orders?status=all&q=${number}`, { headers: shopper })).json();
  const order = list.orders.find((o) => o.number === number);
  const item = order.items.find((i) => i.title.includes(title));
  const answer = await fetch(`${demo.server.url}/v1/orders/${order.id}/cancellations`, {
    method: 'POST',
    headers: { ...shopper, 'content-type': 'application/json', 'idempotency-key': `a11y-${number}-${item.id}-${Date.now()}`, 'if-match': `"${order.version}"` },
    body: JSON.stringify({ items: [{ item_id: item.id, quantity: item.quantity }] }),
  });
  assert.equal(answer.status, 201, await answer.clone().text());
  const { cancellations, order: after } = await answer.json();
  return after.refunds.find((r) => r.cancellation_id === cancellations[0].id);
}

async function moveRefund(refund, body) {
  const answer = await fetch(`${demo.server.url}/v1/merchant/refunds/${refund.id}`, {
    method: 'PATCH', headers: { authorization: 'Bearer demo-merchant', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(answer.status, 200, await answer.clone().text());
}

for (const locale of ['en', 'de']) {
  for (const width of [1100, 375]) {
    test(`no accessibility violations on the refunds' states (${locale}, ${width} px)`, async () => {
      const t = { ...TEXT[locale], ...REFUND[locale] };
      const page = await open(locale, width);
      await moveRefund(await cancelByApi('PO-10418', 'Sticker pack'), { status: 'succeeded', reference: '74537604221431003881865' });
      await moveRefund(await cancelByApi('PO-10418', 'Enamel pin'), { status: 'failed', failure_reason: 'The card was closed.' });
      await cancelByApi('PO-10421', 'Merino wool beanie');
      const found = [];
      const check = async (screen) => {
        found.push(...(await audit(page, `${screen} ${locale} ${width}px`)));
        await screenshot(page, `a11y-${screen}-${locale}-${width}`);
      };
      await widget(page).evaluate((el) => el.refresh());
      await widget(page).locator('.oc-card', { hasText: 'PO-10421' }).getByText(t.pendingCard, { exact: true }).waitFor();
      await check('list-refund-pending');
      // The result after cancelling the pour-over set: its refund pending, the beanie's too.
      await widget(page).locator('.oc-card__number', { hasText: 'PO-10421' }).click();
      await widget(page).getByRole('button', { name: t.cancelItem, exact: true }).first().click();
      await widget(page).getByRole('dialog').getByRole('button', { name: t.cancelItem, exact: true }).click();
      await widget(page).locator('.oc-result .oc-refund').getByText(t.pending).waitFor();
      await check('result-refund-pending');
      // A refund paid out and one that failed, in the history.
      await widget(page).getByRole('button', { name: t.back }).click();
      await widget(page).locator('.oc-card__number', { hasText: 'PO-10418' }).click();
      await widget(page).locator('.oc-refund--succeeded').getByText(t.succeeded).waitFor();
      await widget(page).locator('.oc-refund--failed').getByText(t.failed).waitFor();
      await check('history-refunds-settled');
      assert.deepEqual(found, []);
      await page.close();
    });
  }
}

/** Presses Tab until the focused element (inside the widget's shadow root) has `text`. */
async function tabTo(page, text) {
  const focused = () => page.evaluate(() => {
    const active = document.querySelector('order-cancel-widget').shadowRoot.activeElement;
    return active ? `${active.tagName} ${active.textContent.trim()}` : '';
  });
  for (let i = 0; i < 60; i++) {
    if ((await focused()).includes(text)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached "${text}" (at "${await focused()}")`);
}

test('the whole cancel flow with the keyboard alone', async () => {
  const page = await open('en', 1100);
  const card = widget(page).locator('.oc-card').filter({ has: page.getByRole('button', { name: /^Cancel items in order / }) }).first();
  const number = (await card.locator('.oc-card__number').textContent()).replace('Order ', '');
  await tabTo(page, `Order ${number}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => document.querySelector('order-cancel-widget').shadowRoot.activeElement?.textContent === `Order ${n}`, number);
  await tabTo(page, 'Cancel item');
  await page.keyboard.press('Enter');
  await widget(page).getByRole('dialog').waitFor();
  await tabTo(page, 'BUTTON Cancel item'); // the dialog's confirm button (focus starts on Keep)
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Cancelled\./.test(document.querySelector('order-cancel-widget').shadowRoot.activeElement?.textContent ?? ''));
  // The order is read again behind the result, which is built again: the focus stays on it.
  await widget(page).locator('.oc-history').waitFor();
  assert.match(await page.evaluate(() => document.querySelector('order-cancel-widget').shadowRoot.activeElement?.textContent ?? ''), /^Cancelled\./);
  const orders = await (await fetch(`${demo.server.url}/v1/orders?status=all&limit=50&q=${number}`, { headers: { authorization: 'Bearer demo-shopper' } })).json();
  const order = orders.orders.find((o) => o.number === number);
  assert.equal(order.cancellations.length, 1, 'one cancellation recorded on the server');
  assert.equal(order.cancellations[0].status, 'completed');
  await page.close();
});

test('paging with the keyboard keeps the focus on the page buttons', async () => {
  const page = await open('en', 1100);
  const focused = () => page.evaluate(() => document.querySelector('order-cancel-widget').shadowRoot.activeElement?.textContent ?? '(nothing)');
  const firstNumber = () => widget(page).locator('.oc-card__number').first().textContent();
  const pageOne = await firstNumber();
  await tabTo(page, 'Next page');
  await page.keyboard.press('Enter');
  await page.waitForFunction((first) => document.querySelector('order-cancel-widget').shadowRoot.querySelector('.oc-card__number')?.textContent !== first, pageOne);
  // Next stays while there are more pages; on the last, Previous takes the focus.
  const hasNext = await widget(page).getByRole('button', { name: 'Next page' }).count();
  assert.equal(await focused(), hasNext ? 'Next page' : 'Previous page');
  await screenshot(page, 'keyboard-page-2');
  await tabTo(page, 'Previous page');
  await page.keyboard.press('Enter');
  await page.waitForFunction((first) => document.querySelector('order-cancel-widget').shadowRoot.querySelector('.oc-card__number')?.textContent === first, pageOne);
  await page.waitForFunction(() => document.querySelector('order-cancel-widget').shadowRoot.activeElement?.textContent === 'Next page');
  await page.close();
});
