// After the click, end to end: the real server sends its emails to the real SMTP server process
// (aiosmtpd, server/tests/smtp_server.py), the demo's inbox lists what arrived, and the
// merchant panel moves refunds through the real merchant API. The Trunk-built demo in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoForFile, openOrder, screenshot, watchPage } from './harness.mjs';

const demo = demoForFile({ preset: 'tiktok_shop', smtp: true });

async function openDemo(viewport = { width: 1280, height: 1100 }) {
  const context = await demo.browser.newContext({ viewport });
  const page = await context.newPage();
  const watched = watchPage(page);
  await page.goto(demo.site.url);
  await page.locator('order-cancel-widget .oc-card').first().waitFor();
  await page.locator('#demo-order option').first().waitFor({ state: 'attached' });
  return {
    page, context, watched,
    widget: page.locator('order-cancel-widget'),
    panel: page.locator('.demo-panel').first(),
    inbox: page.locator('.demo-inbox'),
  };
}

const subject = (pattern) => (m) => pattern.test(m.subject);
const ALICE = ['alice@shop.example'];

/**
 * The shopper comes back to the tab: the browser fires `visibilitychange` on the document and
 * `focus` on the window. Headless Chromium keeps every page visible (another tab brought to
 * the front, the window minimised: `document.hidden` stays false), so the test sends these two
 * events itself, as the browser would; the widget still reads the real `document.hidden`.
 */
async function comeBack(page) {
  await page.evaluate(() => {
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    window.dispatchEvent(new Event('focus'));
  });
}

/** Both parts of `mail` contain every one of `texts`. */
function bothPartsSay(mail, texts) {
  for (const [name, part] of [['text', mail.text], ['html', mail.html]]) {
    assert.ok(part, `the email has a ${name} part`);
    for (const text of texts) assert.ok(part.includes(text), `the ${name} part says ${JSON.stringify(text)}:\n${part}`);
  }
}

test('a cancellation in the widget: the email arrives with the items and the refund, and the inbox opens it', async () => {
  const { page, context, watched, widget, inbox } = await openDemo();
  await openOrder(widget, 'PO-10421');
  const beanie = widget.locator('.oc-item', { hasText: 'Merino wool beanie' });
  await beanie.getByRole('button', { name: 'Cancel item', exact: true }).click();
  const dialog = widget.getByRole('dialog');
  await dialog.getByRole('combobox').selectOption('changed_mind');
  await dialog.getByRole('button', { name: 'Cancel item', exact: true }).click();
  // The result says where the refund stands, and so does the history.
  const pending = 'Refund of €32.85 to your original payment method: pending, usually 5–7 business days.';
  await widget.locator('.oc-result').getByText(pending, { exact: true }).waitFor();
  await widget.locator('.oc-history').getByText(pending, { exact: true }).waitFor();
  await screenshot(page, 'refund-pending-result');

  const mail = await demo.smtp.waitFor(subject(/PO-10421/), 'email about PO-10421');
  assert.equal(mail.subject, 'Item cancelled from order PO-10421 – Nordlicht Home');
  assert.deepEqual(mail.rcpt_tos, ALICE, 'to the shopper, and only to her');
  assert.match(mail.mail_from, /^orders@nordlicht\.example$/);
  bothPartsSay(mail, ['Merino wool beanie', '€32.85', 'original payment method']);
  for (const line of ['  - 1 × Merino wool beanie', 'Your order: https://nordlicht.example/account/orders/PO-10421']) {
    assert.ok(mail.text.includes(line), `the text part has the line ${JSON.stringify(line)}:\n${mail.text}`);
  }
  assert.ok(!mail.text.includes('Ceramic pour-over set'), 'the item not cancelled is not listed');

  // The demo's inbox lists what the SMTP server received and opens it in a sandboxed frame,
  // where the HTML part reads as the shopper's mail program shows it.
  const entry = inbox.getByRole('button', { name: mail.subject, exact: true });
  await entry.waitFor();
  await entry.click();
  const frame = page.frameLocator('#demo-mail-frame');
  const row = frame.locator('tr', { hasText: 'Merino wool beanie' }).last(); // the innermost
  assert.match(await row.innerText(), /^Merino wool beanie\s+× 1$/);
  await frame.getByText(/€32\.85 goes back to your original payment method/).waitFor();
  const link = frame.getByRole('link', { name: 'View your order PO-10421', exact: true });
  assert.equal(await link.getAttribute('href'), 'https://nordlicht.example/account/orders/PO-10421');
  assert.equal(await frame.getByText('Ceramic pour-over set').count(), 0);
  assert.equal(await page.locator('#demo-mail-frame').getAttribute('sandbox'), '', 'no scripts, no same origin');
  const opened = page.getByRole('dialog', { name: mail.subject, exact: true });
  await opened.getByText('From Nordlicht Home <orders@nordlicht.example> · to alice@shop.example').waitFor();
  await screenshot(page, 'demo-inbox');
  await opened.getByRole('button', { name: 'Close', exact: true }).click();
  await opened.waitFor({ state: 'hidden' });

  // The list's card says a refund is on its way.
  await widget.getByRole('button', { name: /Back to my orders/ }).click();
  await widget.locator('.oc-card', { hasText: 'PO-10421' }).getByText('Refund pending', { exact: true }).waitFor();
  await screenshot(page, 'refund-pending-card');
  assert.deepEqual(watched.errors.filter((e) => e.startsWith('pageerror')), []);
  await context.close();
});

test('a request: the "received" email, approved in the panel, the "approved" email; its refund on the card until paid and the shopper comes back', async () => {
  const { page, context, widget, panel } = await openDemo();
  await openOrder(widget, 'PO-10417');
  await widget.locator('.oc-item').getByRole('button', { name: 'Request cancellation', exact: true }).first().click();
  await widget.getByRole('dialog').getByRole('combobox').selectOption('wrong_address');
  await widget.getByRole('dialog').getByRole('button', { name: 'Send request', exact: true }).click();
  await widget.getByText(/^Request sent to the seller/).waitFor();
  const received = await demo.smtp.waitFor(subject(/^Cancellation request received for order PO-10417/), '"request received" email');
  assert.equal(received.subject, 'Cancellation request received for order PO-10417 – Nordlicht Home');
  assert.deepEqual(received.rcpt_tos, ALICE);
  bothPartsSay(received, ['Cast iron skillet']);

  await panel.locator('#demo-requests li', { hasText: 'PO-10417' }).getByRole('button', { name: 'Approve', exact: true }).click();
  await panel.getByText(/Approving the request for PO-10417: done/).waitFor();
  const approved = await demo.smtp.waitFor(subject(/^Cancellation approved for order PO-10417/), '"approved" email');
  assert.equal(approved.subject, 'Cancellation approved for order PO-10417 – Nordlicht Home');
  bothPartsSay(approved, ['Cast iron skillet']);
  // The approval owes a refund: the payment side's list in the panel has it, pending.
  await panel.locator('#demo-refunds li', { hasText: 'PO-10417' }).getByText(/: pending$/).waitFor();
  // The panel told the widget (the seller's answer): the open order shows the refund pending.
  await widget.locator('.oc-history .oc-refund--pending')
    .getByText('Refund of €69.75 to your original payment method: pending, usually 5–7 business days.', { exact: true }).waitFor();
  await screenshot(page, 'demo-request-approved-refund-pending');
  // On the list, its card says so until the payment side pays it and the shopper comes back.
  await widget.getByRole('button', { name: /Back to my orders/ }).click();
  const card = widget.locator('.oc-card', { hasText: 'PO-10417' });
  await card.getByText('Refund pending', { exact: true }).waitFor();
  await panel.locator('#demo-refunds li', { hasText: 'PO-10417' }).getByRole('button', { name: 'Mark succeeded', exact: true }).click();
  await panel.locator('#demo-refunds li', { hasText: 'PO-10417' }).getByText(/: succeeded$/).waitFor();
  await page.waitForTimeout(500);
  assert.equal(await card.getByText('Refund pending', { exact: true }).count(), 1, 'not read again before a return');
  await card.getByText(/ · €69\.75 refund pending$/).waitFor();
  await comeBack(page);
  await card.getByText('Refund pending', { exact: true }).waitFor({ state: 'detached' });
  await card.getByText(/ · €69\.75 refunded$/).waitFor();
  await context.close();
});

test('a refund marked succeeded in the panel: the open widget shows it on return, read out, and the email arrives', async () => {
  const { page, context, watched, widget, panel } = await openDemo();
  await openOrder(widget, 'PO-10421'); // its refund is pending since the first test
  const line = widget.locator('.oc-history .oc-refund').first();
  await line.getByText(/: pending, usually 5–7 business days\.$/).waitFor();
  const refund = panel.locator('#demo-refunds li', { hasText: 'PO-10421' });
  await refund.getByRole('button', { name: 'Mark succeeded', exact: true }).click();
  await panel.getByText(/Marking the refund for PO-10421 succeeded: done/).waitFor();
  await refund.getByText(/: succeeded$/).waitFor();
  // The payment side does not talk to the shopper's page: the widget still shows it pending
  // until the shopper comes back to the tab, and then reads the order again.
  await page.waitForTimeout(500);
  assert.match(await line.textContent(), /pending/);
  await comeBack(page);
  const refunded = /^Refund of €32\.85 to your original payment method: refunded on [A-Z][a-z]{2} \d{1,2}, \d{4}\. Bank reference: \d{23}\.$/;
  await line.getByText(refunded).waitFor();
  const live = widget.locator('.oc-details [aria-live=polite]');
  assert.match(await live.textContent(), refunded, 'read out to a screen reader');
  await screenshot(page, 'refund-succeeded-history');

  const mail = await demo.smtp.waitFor(subject(/^Refund of €32\.85 issued for order PO-10421/), '"refund issued" email');
  assert.equal(mail.subject, 'Refund of €32.85 issued for order PO-10421 – Nordlicht Home');
  assert.deepEqual(mail.rcpt_tos, ALICE);
  bothPartsSay(mail, ['€32.85']);
  const reference = (await line.textContent()).match(/\d{23}/)[0];
  assert.ok(mail.text.includes(reference), `the bank reference the widget shows, ${reference}, is in the email`);
  // The shopper reads it in the inbox.
  await page.locator('.demo-inbox').getByRole('button', { name: mail.subject, exact: true }).click();
  await page.frameLocator('#demo-mail-frame').getByText(reference).waitFor();
  await screenshot(page, 'demo-refund-succeeded');
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  // Back on the list: no refund pending any more for that order.
  await widget.getByRole('button', { name: /Back to my orders/ }).click();
  const card = widget.locator('.oc-card', { hasText: 'PO-10421' });
  await card.waitFor();
  assert.equal(await card.getByText('Refund pending').count(), 0);
  assert.deepEqual(watched.errors.filter((e) => e.startsWith('pageerror')), []);
  await context.close();
});
