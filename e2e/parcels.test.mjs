// Parcels on their way (issue 26), through the widget: the shopper asks to stop a shipped
// parcel (independent shop) or says they will refuse it (Amazon) with the item's button and
// the reason dialog, and follows it in the result, the order's history and the list's card
// while the demo's merchant panel answers as the carrier reports; the real server, the real
// SMTP server process (each email, in order), axe-core on the new screens in English and
// German at 1100 and 375 px, and the interception by keyboard alone. Every text the test
// looks for is read from locales/ (and locales/email/), so a changed wording cannot slip by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, demoForFile, watchPage, widgetShot as shot } from './harness.mjs';
import { catalog, escape, form, named } from './texts.mjs';

const demo = demoForFile({ preset: 'independent_shop', smtp: true });

const CATALOGS = { en: catalog('en'), de: catalog('de') };
const MAIL = catalog('email/en');

/** `key`'s text in `tag`'s catalog (its form for `n` if it has plural forms). */
function text(tag, key, n = 1) {
  const message = CATALOGS[tag][key];
  assert.ok(message !== undefined, `locales/${tag}.json has "${key}"`);
  return form(message, tag, n);
}

/** `key`'s text in `tag` as a whole-text RegExp, see `named`. */
const whole = (tag, key, values) => named(text(tag, key), values);

/** The shopper's email of `key` about order `number`, as its subject reads. */
const subject = (key, values) => `${MAIL[key].replace(/\{(\w+)\}/g, (_, n) => values[n])} – Nordlicht Home`;
/** Subjects read with their no-break spaces as spaces (the money's spacing is ICU's). */
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ');

const money = (tag, { amount, currency }) =>
  new Intl.NumberFormat(tag, { style: 'currency', currency }).format(amount / 100);

// --- the server, as the shopper's and the store's APIs answer ----------------------------

async function call(method, route, { token = 'demo-merchant', body } = {}) {
  const response = await fetch(`${demo.server.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const answer = await response.text();
  assert.ok(response.ok, `${method} ${route}: ${response.status} ${answer}`);
  return answer ? JSON.parse(answer) : null;
}

/** Order `number` as its shopper reads it now. */
const orderNumbered = async (number) =>
  (await call('GET', `/v1/orders?status=all&limit=50&q=${number}`, { token: 'demo-shopper' })).orders
    .find((o) => o.number === number);

/** The seeded demo data under `preset`, emails already received left aside by `fresh`. */
async function startOver(preset) {
  await call('POST', '/v1/merchant/demo/reset');
  await call('PUT', '/v1/merchant/policy', { body: { preset } });
  const before = (await demo.smtp.messages()).length;
  return { fresh: async () => (await demo.smtp.messages()).slice(before) };
}

/** The store reports a parcel's news through its own system (not this page). */
async function moveParcel(number, status) {
  const [request] = (await orderNumbered(number)).parcel_requests.slice(-1);
  await call('PATCH', `/v1/merchant/parcel-requests/${encodeURIComponent(request.id)}`, { body: { status } });
}

// --- the page ------------------------------------------------------------------------------

const widgetOf = (page) => page.locator('order-cancel-widget');

/** The demo in `tag` at `width`, showing the first orders; the page's errors collected. */
async function openDemo(tag, width) {
  const page = await demo.browser.newPage({ viewport: { width, height: 900 }, locale: tag });
  page.setDefaultTimeout(15_000); // one step never takes long: a wrong text fails soon
  const { errors } = watchPage(page);
  await page.goto(demo.site.url);
  const widget = widgetOf(page);
  if (tag !== 'en') await widget.evaluate((el, l) => el.setAttribute('locale', l), tag);
  await widget.locator('.oc-card').first().waitFor();
  await page.locator('#demo-order option').first().waitFor({ state: 'attached' });
  return { page, widget, errors, panel: page.locator('.demo-panel').first() };
}

/** The page's own errors (a failed request is the test's business, not the page's). */
const pageErrors = (errors) => errors.filter((e) => e.startsWith('pageerror'));

/** Finds order `number` with the widget's search and opens it, in `tag`'s words. */
async function openOrder(widget, tag, number) {
  if (await backTo(widget, tag).count()) await backTo(widget, tag).click();
  await widget.getByRole('searchbox', { name: text(tag, 'search.label') }).fill(number);
  await widget.getByRole('button', { name: text(tag, 'search.submit'), exact: true }).click();
  await widget.getByRole('button', { name: whole(tag, 'card.order', { number }) }).click();
  await widget.locator('.oc-item').first().waitFor();
}

const backTo = (widget, tag) => widget.getByRole('button', { name: new RegExp(`^\\W*${escape(text(tag, 'action.back'))}$`) });

/** Back on the list, order `number`'s card (found by its search). */
async function cardOf(widget, tag, number) {
  await backTo(widget, tag).click();
  await widget.getByRole('searchbox', { name: text(tag, 'search.label') }).fill(number);
  await widget.getByRole('button', { name: text(tag, 'search.submit'), exact: true }).click();
  const card = widget.locator('.oc-card', { has: widget.page().getByRole('button', { name: whole(tag, 'card.order', { number }) }) });
  await card.waitFor();
  return card;
}

/** The history's entry of the parcel request whose stage reads `stage` (a RegExp). */
const historyEntry = (widget, stage) =>
  widget.locator('.oc-history .oc-history__entry').filter({ has: widget.page().locator('strong').getByText(stage) });

/**
 * The shopper comes back to the tab: `visibilitychange` on the document, `focus` on the
 * window. Headless Chromium keeps every page visible, so the test sends them as the browser
 * would; the widget still reads the real `document.hidden` (see e2e/notifications.test.mjs).
 */
const comeBack = (page) => page.evaluate(() => {
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  window.dispatchEvent(new Event('focus'));
});

/** The reason the policy lists first, as the dialog offers it: { code, label }. */
async function firstReason(tag) {
  const [reason] = (await call('GET', '/v1/policy', { token: 'demo-shopper' })).reasons;
  return { code: reason.code, label: text(tag, reason.label_key ?? `reason.${reason.code}`) };
}

/** The parcel request POSTs the page sends, with their bodies. */
function parcelPosts(page) {
  const sent = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && /\/parcel-requests$/.test(new URL(r.url()).pathname)) sent.push({ url: r.url(), body: r.postData() });
  });
  return sent;
}

/** Waits for the shopper's email with `expected` subject; all the test's emails so far. */
async function mailed(fresh, expected) {
  await demo.smtp.waitFor((m) => plain(m.subject) === plain(expected), `email "${expected}"`);
  const all = await fresh();
  for (const m of all) assert.deepEqual(m.rcpt_tos, ['alice@shop.example'], `"${m.subject}" to the shopper only`);
  return all.map((m) => plain(m.subject));
}

/** The reason dialog's heading for a `kind` request: its button's text. */
const DIALOG_TITLE = { interception: 'action.parcel_interception', refusal: 'action.parcel_refusal' };

/** Asks for `kind` ('interception' or 'refusal') about item `title` of the open order in the
 *  widget, with the policy's first reason; resolves once the result says it was sent. */
async function askInWidget(widget, tag, title, kind, onDialog = async () => {}) {
  const item = widget.locator('.oc-item', { hasText: title });
  await item.getByRole('button', { name: text(tag, `action.parcel_${kind}`), exact: true }).click();
  const dialog = widget.getByRole('dialog', { name: text(tag, DIALOG_TITLE[kind]), exact: true });
  // It says when the money comes back: once the parcel is back at the warehouse.
  await dialog.getByText(whole(tag, 'result.parcel_refund')).waitFor();
  const reason = await firstReason(tag);
  await dialog.getByRole('combobox').first().selectOption({ label: reason.label });
  await onDialog(dialog);
  const confirm = kind === 'interception' ? 'dialog.confirm_request' : 'dialog.confirm_notice';
  await dialog.getByRole('button', { name: text(tag, confirm), exact: true }).click();
  // The result says it as the history will: asked, on its day.
  await widget.locator('.oc-result').getByText(whole(tag, `parcel.asked_${kind}`)).waitFor();
  return reason;
}

/** The history's way to return an item the parcel of which was not stopped. */
async function returnGuidance(entry, tag) {
  const link = entry.getByRole('link', { name: text(tag, 'link.returns'), exact: true });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), '#returns', "the store's returns page (the demo's returns-url)");
}

/** The result, still open when the store moved the request on, says where it stands now
 *  (`stage`) and no longer promises a refund once the parcel is back. */
async function resultFollows(widget, tag, stage) {
  const result = widget.locator('.oc-result');
  await result.getByText(whole(tag, stage)).waitFor();
  assert.equal(await result.getByText(whole(tag, 'result.parcel_refund')).count(), 0, `no refund promised: ${await result.innerText()}`);
}

// --- 1. interception, followed to the refund ----------------------------------------------

test('interception in the widget: asked, stopped, back with the refund pending, refunded; an email at each step, in order', async () => {
  const { fresh } = await startOver('independent_shop');
  const { page, widget, panel, errors } = await openDemo('en', 375);
  const sent = parcelPosts(page);
  const number = 'PO-10417';
  const title = 'Cast iron skillet 26 cm';

  // The store ships the skillet in the panel.
  await page.locator('#demo-order').selectOption((await orderNumbered(number)).id);
  await panel.locator('#demo-items li', { hasText: title }).getByRole('button', { name: '→ shipped' }).click();
  await panel.getByText(`Moving ${title} to shipped: done.`).waitFor();

  await openOrder(widget, 'en', number);
  const item = widget.locator('.oc-item', { hasText: title });
  const ask = item.getByRole('button', { name: text('en', 'action.parcel_interception'), exact: true });
  await ask.waitFor();
  await shot(page, 'parcel-item-en-375');
  await ask.click();
  const dialog = widget.getByRole('dialog', { name: text('en', DIALOG_TITLE.interception), exact: true });
  await dialog.waitFor();
  const promise = await dialog.getByText(whole('en', 'result.parcel_refund')).textContent();
  await dialog.getByText(text('en', 'result.parcel_not_stopped'), { exact: true }).waitFor();
  const reason = await firstReason('en');
  await dialog.getByRole('combobox', { name: text('en', 'dialog.reason'), exact: true }).selectOption({ label: reason.label });
  await shot(page, 'parcel-dialog-interception-en-375');
  await dialog.getByRole('button', { name: text('en', 'dialog.confirm_request'), exact: true }).click();

  const result = widget.locator('.oc-result');
  await result.getByText(whole('en', 'parcel.asked_interception')).waitFor();
  await dialog.waitFor({ state: 'detached' });

  // The store has it, on the panel's list (told by the widget's event) and the merchant
  // API's, with the order's number and the shopper's account: the widget sent
  // neither (the URL names the order's id, the sign-in says who the shopper is).
  const [listed] = (await call('GET', '/v1/merchant/parcel-requests?status=requested')).parcel_requests;
  assert.equal(listed.order_number, number);
  assert.equal(listed.shopper_id, 'alice');
  assert.deepEqual(
    [listed.parcel_request.kind, listed.parcel_request.status, listed.parcel_request.reason_code, listed.item.title],
    ['interception_request', 'requested', reason.code, title],
  );
  const row = panel.locator('#demo-parcels li', { hasText: number });
  await row.getByText(`${number}: 1 × ${title} (stop the parcel): requested`, { exact: true }).waitFor();
  assert.equal(sent.length, 1, 'one request sent');
  assert.ok(!sent[0].body.includes(number) && !sent[0].body.includes('alice'), `typed by nobody: ${sent[0].body}`);

  // What the dialog promised is what the request will refund.
  const refund = listed.parcel_request.refund;
  const destination = text('en', 'result.dest.original_payment');
  assert.match(promise, whole('en', 'result.parcel_refund', { amount: money('en', refund), destination }));
  await result.getByText(whole('en', 'result.parcel_refund', { amount: money('en', refund), destination })).waitFor();
  await historyEntry(widget, whole('en', 'parcel.asked_interception')).waitFor();
  await shot(page, 'parcel-result-interception-en-375');
  await mailed(fresh, subject('mail.parcel_request_received.title_interception', { number }));

  // The list's card says it is being stopped.
  let card = await cardOf(widget, 'en', number);
  await card.getByText(text('en', 'card.parcel_stopping'), { exact: true }).waitFor();
  await shot(page, 'parcel-card-stopping-en-375');
  await openOrder(widget, 'en', number);

  // The carrier stopped it: the panel marks it intercepted (and tells the page).
  await row.getByRole('button', { name: 'Mark intercepted' }).click();
  await panel.getByText(`Marking the parcel of ${number} intercepted: done.`).waitFor();
  await historyEntry(widget, whole('en', 'parcel.on_its_way_back')).waitFor();
  await shot(page, 'parcel-history-stopped-en-375');
  await mailed(fresh, subject('mail.parcel_intercepted.title', { number }));
  card = await cardOf(widget, 'en', number);
  await card.getByText(text('en', 'card.parcel_on_its_way_back'), { exact: true }).waitFor();
  await shot(page, 'parcel-card-stopped-en-375');
  await openOrder(widget, 'en', number);
  assert.equal(await item.getByRole('button', { name: text('en', 'action.parcel_interception') }).count(), 0, 'asked once');

  // Back at the warehouse: the refund opens, pending.
  await row.getByRole('button', { name: 'Mark returned' }).click();
  await panel.getByText(`Marking the parcel of ${number} returned: done.`).waitFor();
  await row.getByText(/: returned$/).waitFor();
  assert.equal(await row.getByRole('button').count(), 0, 'a returned parcel has nothing left to answer');
  const back = historyEntry(widget, whole('en', 'parcel.back'));
  await back.locator('.oc-refund').getByText(whole('en', 'refund.pending', { amount: money('en', refund) })).waitFor();
  await shot(page, 'parcel-history-refund-pending-en-375');
  await mailed(fresh, subject('mail.parcel_returned.title', { number }));
  card = await cardOf(widget, 'en', number);
  await card.getByText(text('en', 'card.refund_pending'), { exact: true }).waitFor();
  await shot(page, 'parcel-card-refund-pending-en-375');
  await openOrder(widget, 'en', number);

  // The payment side pays it out; the shopper sees it on coming back to the tab.
  const payment = panel.locator('#demo-refunds li', { hasText: number });
  await payment.getByText(/: pending$/).waitFor();
  await payment.getByRole('button', { name: 'Mark succeeded' }).click();
  await payment.getByText(/: succeeded$/).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await back.locator('.oc-refund').getByText(whole('en', 'refund.pending')).count(), 1, 'not read again before the return');
  await comeBack(page);
  await back.locator('.oc-refund').getByText(whole('en', 'refund.succeeded', { amount: money('en', refund) })).waitFor();
  await shot(page, 'parcel-history-refunded-en-375');
  card = await cardOf(widget, 'en', number);
  await card.getByText(new RegExp(`${escape(text('en', 'card.refunded').replace('{amount}', money('en', refund)))}$`)).waitFor();
  assert.equal(await card.getByText(text('en', 'card.refund_pending'), { exact: true }).count(), 0, 'nothing pending any more');

  const order = await orderNumbered(number);
  assert.deepEqual([order.parcel_requests[0].status, order.items[0].state, order.refunds[0].status], ['returned', 'cancelled', 'succeeded']);
  const amount = money('en', order.refunds[0].amount);
  const emails = [
    subject('mail.parcel_request_received.title_interception', { number }),
    subject('mail.parcel_intercepted.title', { number }),
    subject('mail.parcel_returned.title', { number }),
    subject('mail.refund_issued.title', { amount, number }),
  ].map(plain);
  assert.deepEqual(await mailed(fresh, emails.at(-1)), emails);
  // The demo's inbox lists them too, newest first (it looks every 2 s).
  const inbox = page.locator('#demo-mails .demo-mail__open');
  await page.waitForFunction((last) => document.querySelector('#demo-mails .demo-mail__open')?.textContent
    .replace(/[\u00a0\u202f]/g, ' ') === last, emails.at(-1));
  assert.deepEqual((await inbox.allTextContents()).slice(0, emails.length).map(plain), emails.slice().reverse());
  assert.deepEqual(pageErrors(errors), []);
  await page.close();
});

// --- 2. refusal under Amazon ----------------------------------------------------------------

test('refusal notice under Amazon: noticed, back with the refund pending once the shopper returns; delivered anyway: the way to return it', async () => {
  const { fresh } = await startOver('independent_shop');
  const { page, widget, panel, errors } = await openDemo('en', 375);
  await page.locator('#demo-preset').selectOption('amazon');
  await panel.getByText('Switching the policy to Amazon: done.').waitFor();

  const number = 'PO-10411';
  const title = 'Trail running shoes, size 42';
  await openOrder(widget, 'en', number);
  const found = [];
  await askInWidget(widget, 'en', title, 'refusal', async () => {
    found.push(...(await audit(page, 'refusal dialog en 375px')));
    await shot(page, 'parcel-dialog-refusal-en-375');
  });
  const asked = historyEntry(widget, whole('en', 'parcel.asked_refusal'));
  await asked.waitFor();
  const refund = (await orderNumbered(number)).parcel_requests[0].refund;
  await widget.locator('.oc-result').getByText(whole('en', 'result.parcel_refund', {
    amount: money('en', refund), destination: text('en', 'result.dest.original_payment') })).waitFor();
  found.push(...(await audit(page, 'refusal result en 375px')));
  await shot(page, 'parcel-result-refusal-en-375');
  await mailed(fresh, subject('mail.parcel_request_received.title_refusal', { number }));
  let card = await cardOf(widget, 'en', number);
  await card.getByText(text('en', 'card.parcel_to_refuse'), { exact: true }).waitFor();
  await shot(page, 'parcel-card-refuse-en-375');
  await openOrder(widget, 'en', number);

  // The refused parcel is back: the store's system says so, not this page. The open order
  // waits for news, so it reads again when the shopper comes back to the tab.
  await moveParcel(number, 'returned');
  await page.waitForTimeout(300);
  assert.equal(await asked.count(), 1, 'not read again before the return');
  await comeBack(page);
  const back = historyEntry(widget, whole('en', 'parcel.back'));
  await back.locator('.oc-refund').getByText(whole('en', 'refund.pending', { amount: money('en', refund) })).waitFor();
  await mailed(fresh, subject('mail.parcel_returned.title', { number }));
  card = await cardOf(widget, 'en', number);
  await card.getByText(text('en', 'card.refund_pending'), { exact: true }).waitFor();

  // Another parcel is delivered after all: the panel says so, the history shows how to return it.
  const other = 'PO-10410';
  await openOrder(widget, 'en', other);
  await askInWidget(widget, 'en', 'Scented soy candle, fig', 'refusal');
  const row = panel.locator('#demo-parcels li', { hasText: other });
  await row.getByRole('button', { name: 'Delivered anyway' }).click();
  await panel.getByText(`Marking the parcel of ${other} delivered anyway: done.`).waitFor();
  const delivered = historyEntry(widget, whole('en', 'parcel.delivered'));
  await returnGuidance(delivered, 'en');
  await resultFollows(widget, 'en', 'parcel.delivered');
  found.push(...(await audit(page, 'delivered anyway en 375px')));
  await shot(page, 'parcel-history-delivered-en-375');
  assert.deepEqual(found, []);
  await row.getByText(/: delivered anyway$/).waitFor();
  const candle = await orderNumbered(other);
  assert.deepEqual([candle.parcel_requests.map((r) => r.status), candle.items[0].parcel_requested_quantity], [['delivered_anyway'], 0],
    'its units given back to the order');

  assert.deepEqual(await mailed(fresh, subject('mail.parcel_delivered_anyway.title', { number: other })), [
    subject('mail.parcel_request_received.title_refusal', { number }),
    subject('mail.parcel_returned.title', { number }),
    subject('mail.parcel_request_received.title_refusal', { number: other }),
    subject('mail.parcel_delivered_anyway.title', { number: other }),
  ].map(plain));
  assert.deepEqual(pageErrors(errors), []);
  await page.close();
});

// --- 3. a parcel the carrier could not stop -----------------------------------------------------

test('a parcel that could not be stopped: the history says to return it after delivery, and the button is gone', async () => {
  const { fresh } = await startOver('independent_shop');
  const { page, widget, panel, errors } = await openDemo('en', 375);
  const number = 'PO-10411';
  const title = 'Trail running shoes, size 42';
  await openOrder(widget, 'en', number);
  await askInWidget(widget, 'en', title, 'interception');
  const row = panel.locator('#demo-parcels li', { hasText: number });
  await row.getByRole('button', { name: 'Not interceptable' }).click();
  await panel.getByText(`Marking the parcel of ${number} not interceptable: done.`).waitFor();
  const entry = historyEntry(widget, whole('en', 'parcel.not_stopped'));
  await returnGuidance(entry, 'en');
  await resultFollows(widget, 'en', 'parcel.not_stopped');
  await shot(page, 'parcel-history-not-stopped-en-375');
  const item = widget.locator('.oc-item', { hasText: title });
  assert.equal(await item.getByRole('button', { name: text('en', 'action.parcel_interception') }).count(), 0, 'not offered again');
  assert.deepEqual(await mailed(fresh, subject('mail.parcel_not_interceptable.title', { number })), [
    subject('mail.parcel_request_received.title_interception', { number }),
    subject('mail.parcel_not_interceptable.title', { number }),
  ].map(plain));
  assert.deepEqual(pageErrors(errors), []);
  await page.close();
});

// --- 4. axe-core on the new screens ------------------------------------------------------------

for (const tag of ['en', 'de']) {
  for (const width of [1100, 375]) {
    test(`no accessibility violations on the parcel screens (${tag}, ${width} px)`, async () => {
      await startOver('independent_shop');
      const { page, widget, errors } = await openDemo(tag, width);
      const found = [];
      const check = async (screen) => {
        found.push(...(await audit(page, `${screen} ${tag} ${width}px`)));
        if (width === 375 && tag !== 'en') await shot(page, `parcel-${screen}-${tag}-375`);
      };
      const number = 'PO-10411';
      await openOrder(widget, tag, number);
      await widget.getByRole('button', { name: text(tag, 'action.parcel_interception'), exact: true }).waitFor();
      await check('item');
      await askInWidget(widget, tag, 'Trail running shoes', 'interception', () => check('dialog-interception'));
      await historyEntry(widget, whole(tag, 'parcel.asked_interception')).waitFor();
      await check('result-interception');
      // Stopped, then back with its refund pending: the history with the request's stages.
      await moveParcel(number, 'intercepted');
      await moveParcel(number, 'returned');
      await comeBack(page);
      await historyEntry(widget, whole(tag, 'parcel.back')).locator('.oc-refund').getByText(whole(tag, 'refund.pending')).waitFor();
      await check('history-refund-pending');
      // The list's card of a parcel being stopped.
      await openOrder(widget, tag, 'PO-10410');
      await askInWidget(widget, tag, 'Scented soy candle', 'interception');
      const card = await cardOf(widget, tag, 'PO-10410');
      await card.getByText(text(tag, 'card.parcel_stopping'), { exact: true }).waitFor();
      await check('card-stopping');
      assert.deepEqual(found, []);
      assert.deepEqual(pageErrors(errors), []);
      await page.close();
    });
  }
}

// --- 5. the interception by keyboard alone ------------------------------------------------------

/** Where the keyboard focus is, as Chromium's accessibility tree names it: { role, name,
 *  inDialog, text } of the focused element (inside the widget's shadow root). */
async function focusedOf(page) {
  const cdp = await page.context().newCDPSession(page);
  return async () => {
    const { result } = await cdp.send('Runtime.evaluate', {
      expression: `(() => { let a = document.activeElement;
        while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; return a; })()` });
    if (!result.objectId) return { role: 'none', name: '', inDialog: false, text: '' };
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false });
    const node = nodes[0];
    const { result: facts } = await cdp.send('Runtime.callFunctionOn', {
      objectId: result.objectId, returnByValue: true,
      functionDeclaration: 'function () { return { inDialog: !!this.closest("[role=dialog]"), text: this.textContent.trim() }; }' });
    return { role: node.role?.value ?? '', name: node.name?.value ?? '', ...facts.value };
  };
}

test('the whole interception by keyboard alone: the focus lands in the dialog, comes back after it, every control reached', async () => {
  await startOver('independent_shop');
  const { page, widget, errors } = await openDemo('en', 1100);
  const focused = await focusedOf(page);
  const number = 'PO-10410';
  /** Presses `key`: [role, name] of where the focus goes. */
  const press = async (key) => {
    await page.keyboard.press(key);
    const { role, name } = await focused();
    return [role, name];
  };
  /** Presses `key` until the focus is on `role` named `name`; the names passed on the way. */
  const moveTo = async (role, name, key = 'Tab') => {
    const passed = [];
    for (let i = 0; i < 60; i++) {
      const now = await focused();
      if (now.role === role && (name instanceof RegExp ? name.test(now.name) : now.name === name)) return passed;
      passed.push(`${now.role} "${now.name}"`);
      await page.keyboard.press(key);
    }
    throw new Error(`${key} never reached ${role} "${name}", passing ${passed.join(', ')}`);
  };
  /** The focus, once it is on `role` (3 s at most: it may move, and the accessibility tree
   *  catch up, a moment after a screen changes). */
  const settled = async (role, name) => {
    let now;
    for (const end = Date.now() + 3000; Date.now() < end; await page.waitForTimeout(50)) {
      now = await focused();
      if (now.role === role && (name === undefined || now.name === name)) break;
    }
    return now;
  };
  /** The focus reaches `role` named `name`. */
  const expectFocus = async (role, name, what) => {
    const now = await settled(role, name);
    assert.deepEqual([now.role, now.name], [role, name], what);
    return now;
  };

  await moveTo('searchbox', text('en', 'search.label'));
  await page.keyboard.type(number);
  await page.keyboard.press('Enter');
  await widget.locator('.oc-card').filter({ hasText: number }).waitFor();
  await moveTo('button', text('en', 'card.order').replace('{number}', number));
  await page.keyboard.press('Enter');
  await widget.locator('.oc-item').first().waitFor();
  await expectFocus('heading', text('en', 'card.order').replace('{number}', number), "the order's heading takes the focus");

  const ask = text('en', 'action.parcel_interception');
  await moveTo('button', ask);
  await page.keyboard.press('Enter');
  const dialog = widget.getByRole('dialog', { name: text('en', DIALOG_TITLE.interception), exact: true });
  await dialog.waitFor();
  const keep = text('en', 'dialog.keep');
  const confirm = text('en', 'dialog.confirm_request');
  const reasonLabel = text('en', 'dialog.reason');
  // The focus lands in the dialog on its safe choice, keeping the order.
  await expectFocus('button', keep, 'the dialog opens with the focus on Keep');
  // Escape closes it and gives the focus back to the button that opened it.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await expectFocus('button', ask, 'Escape returns the focus to the button that opened the dialog');
  await page.keyboard.press(' ');
  await dialog.waitFor();
  await expectFocus('button', keep, 'Space opens it again, the focus on Keep');

  // Tab goes round every control of the dialog and stays in it.
  const round = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const now = await focused();
    assert.ok(now.inDialog, `Tab stays in the dialog: ${JSON.stringify(now)}`);
    const seen = `${now.role} "${now.name}"`;
    if (round.includes(seen)) break;
    round.push(seen);
  }
  assert.deepEqual(round, [`button "${confirm}"`, `combobox "${reasonLabel}"`, `textbox "${text('en', 'dialog.comment')}"`, `button "${keep}"`],
    'Tab reaches every control, in the order they read, and wraps round');
  const controls = await dialog.locator('button:not([disabled]), select, textarea, input, a[href]').count();
  assert.equal(round.length, controls, 'no control left out');
  // Shift+Tab goes back, round the start too.
  await moveTo('combobox', reasonLabel);
  assert.deepEqual(await press('Shift+Tab'), ['button', confirm], 'Shift+Tab from the first control wraps to the last');
  assert.deepEqual(await press('Shift+Tab'), ['button', keep], 'Shift+Tab moves back');

  // A reason with the arrow keys, then send.
  await moveTo('combobox', reasonLabel);
  await page.keyboard.press('ArrowDown');
  const reason = await dialog.getByRole('combobox').first().inputValue();
  assert.equal(reason, (await firstReason('en')).code, 'the arrow key picked the first reason');
  await expectFocus('combobox', reasonLabel, 'picking keeps the focus on the reasons');
  await moveTo('button', confirm);
  // After sending, the widget reads the order again and rebuilds the order's screen from it,
  // whose new result takes the focus again (the focused element is gone). A person's next key
  // comes later than that: the test waits for that read, and a moment for its screen.
  const reread = page.waitForResponse((r) => r.request().method() === 'GET' && /\/v1\/orders\/[^/]+$/.test(new URL(r.url()).pathname));
  await page.keyboard.press('Enter');
  const sentence = whole('en', 'parcel.asked_interception');
  await widget.locator('.oc-result').getByText(sentence).waitFor();
  await dialog.waitFor({ state: 'detached' });
  await (await reread).finished();
  await page.waitForTimeout(250);
  // The focus is on the result, which a screen reader reads out (a status: no name of its own).
  const told = await settled('status');
  assert.equal(told.role, 'status', `the focus is on the result: ${JSON.stringify(told)}`);
  assert.match(told.text, new RegExp(sentence.source.replace(/\$$/, '')), `the result the focus is on says it was sent: ${told.text}`);

  // Back to the list with the keyboard: the list as the shopper left it (their search), the
  // focus on the card they opened, which says the parcel is being stopped.
  await moveTo('button', new RegExp(`${escape(text('en', 'action.back'))}$`), 'Shift+Tab');
  await page.keyboard.press('Enter');
  const card = text('en', 'card.order').replace('{number}', number);
  await expectFocus('button', card, 'back on the list, the focus on the card it opened');
  assert.equal(await widget.getByRole('searchbox').inputValue(), number, 'the search as it was');
  await widget.locator('.oc-card', { hasText: number }).getByText(text('en', 'card.parcel_stopping'), { exact: true }).waitFor();

  const order = await orderNumbered(number);
  assert.deepEqual(order.parcel_requests.map((r) => [r.kind, r.status, r.reason_code]), [['interception_request', 'requested', reason]]);
  assert.deepEqual(pageErrors(errors), []);
  await page.close();
});
