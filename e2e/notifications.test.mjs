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
  await widget.locator('.oc-result').getByText(/^Cancelled\./).waitFor();

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
  assert.deepEqual(watched.errors.filter((e) => e.startsWith('pageerror')), []);
  await context.close();
});

test('a request: the "received" email, approved in the panel, the "approved" email', async () => {
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
  await screenshot(page, 'demo-request-approved-refund-pending');
  await context.close();
});

test('a refund marked succeeded in the panel: the "refund issued" email arrives with its bank reference', async () => {
  const { page, context, panel } = await openDemo();
  const refund = panel.locator('#demo-refunds li', { hasText: 'PO-10421' }); // pending since the first test
  await refund.getByRole('button', { name: 'Mark succeeded', exact: true }).click();
  await panel.getByText(/Marking the refund for PO-10421 succeeded: done/).waitFor();
  await refund.getByText(/: succeeded$/).waitFor();
  const mail = await demo.smtp.waitFor(subject(/^Refund of €32\.85 issued for order PO-10421/), '"refund issued" email');
  assert.equal(mail.subject, 'Refund of €32.85 issued for order PO-10421 – Nordlicht Home');
  assert.deepEqual(mail.rcpt_tos, ALICE);
  bothPartsSay(mail, ['€32.85']);
  assert.match(mail.text, /\d{23}/, 'the bank reference the panel gave');
  // The shopper reads it in the inbox.
  await page.locator('.demo-inbox').getByRole('button', { name: mail.subject, exact: true }).click();
  await page.frameLocator('#demo-mail-frame').getByText(/€32\.85/).first().waitFor();
  await screenshot(page, 'demo-refund-succeeded');
  await context.close();
});
