// Right-to-left: the built widget in Arabic on a storefront page whose direction is rtl (the
// widget's root takes its direction from its language), and the English page in ltr as the
// mirror image. On the list, an
// order's details, the reason dialog and the result, at 1100 and 375 px: what starts a line
// (the back link, an order's number, the first tab, a dialog's first button) sits at the
// inline start, which is the right side in rtl; money reads left to right in its own isolate;
// nothing leaves the widget, nothing is cut off, the page never scrolls sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { screenshot, storefrontForFile, routeApi, watchPage } from './harness.mjs';
import { catalog, named as filled } from './texts.mjs';

const API = 'http://127.0.0.1:8787'; // what e2e/pages/host.html is written against
const shop = storefrontForFile({ preset: 'temu' });
/** The texts the test finds things by: Arabic in rtl, English in ltr. */
const TEXTS = { rtl: catalog('ar'), ltr: catalog('en') };
/** `key`'s text whole, filled from `values`, each value perhaps in a bidi isolate (rtl). */
const named = (dir, key, values = {}) => filled(TEXTS[dir][key], values);

/** The host page at `width` in direction `dir`, showing the first orders (seeded afresh). */
async function open(dir, width) {
  const reset = await fetch(`${shop.server.url}/v1/merchant/demo/reset`, {
    method: 'POST', headers: { authorization: 'Bearer demo-merchant' } });
  assert.equal(reset.status, 200);
  const page = await shop.browser.newPage({ viewport: { width, height: 900 } });
  const { errors } = watchPage(page);
  await routeApi(page, shop.server, API);
  await page.goto(`${shop.site.url}e2e/pages/host.html`);
  await page.evaluate((d) => document.documentElement.setAttribute('dir', d), dir);
  const widget = page.locator('order-cancel-widget');
  await widget.locator('.oc-card').first().waitFor();
  if (dir === 'rtl') {
    await widget.evaluate((host) => host.setAttribute('locale', 'ar'));
    await widget.locator('.oc-widget[dir="rtl"] .oc-card').first().waitFor();
  }
  return { page, widget, errors };
}

/** Runs in the page: how far each element of `selectors` is from the inline start and end of
 *  the element `within` (or of the viewport when it is null), in px, for direction `dir`. */
function gapsIn(host, { dir, within, selectors }) {
  const root = host.shadowRoot;
  const outer = within
    ? root.querySelector(within).getBoundingClientRect()
    : { left: 0, right: innerWidth };
  return Object.fromEntries(selectors.map((selector) => {
    const r = root.querySelector(selector)?.getBoundingClientRect();
    if (!r) return [selector, null];
    const [start, end] = dir === 'rtl'
      ? [outer.right - r.right, r.left - outer.left]
      : [r.left - outer.left, outer.right - r.right];
    return [selector, { start: Math.round(start), end: Math.round(end) }];
  }));
}

/** Runs in the page: what a shopper would see as broken. Every element inside the widget's box
 *  (the dialog's and its backdrop's inside the viewport), none cutting its own content off sideways (form fields
 *  and the scrolling tab row scroll on purpose), and a page that does not scroll sideways. */
function brokenLayout(host) {
  const root = host.shadowRoot;
  const widget = root.querySelector('.oc-widget').getBoundingClientRect();
  const name = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${el.textContent.trim().slice(0, 30)}"`;
  const found = [];
  for (const el of root.querySelectorAll('.oc-widget *')) {
    if (el.closest('.oc-visually-hidden, .oc-tabs > *')) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const box = el.closest('.oc-dialog, .oc-backdrop') ? { left: 0, right: innerWidth } : widget;
    if (r.left < box.left - 1 || r.right > box.right + 1) {
      found.push(`${name(el)} spans ${Math.round(r.left)}..${Math.round(r.right)}, outside ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
    const cuts = getComputedStyle(el).overflowX !== 'visible' && !el.matches('input, select, textarea, .oc-tabs');
    if (cuts && el.scrollWidth > el.clientWidth + 1) found.push(`${name(el)} cuts off ${el.scrollWidth - el.clientWidth} px`);
  }
  if (document.documentElement.scrollWidth > innerWidth) found.push(`the page scrolls sideways (${document.documentElement.scrollWidth} > ${innerWidth})`);
  return found;
}

/** Runs in the page: the amounts under `selector` whose last digit is drawn left of their
 *  first, i.e. a number that reads backwards. */
function backwardsAmounts(host, selector) {
  return [...host.shadowRoot.querySelectorAll(selector)].flatMap((el) => {
    const text = el.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE || text.length < 2) return [`${selector}: no amount`];
    const x = (i) => {
      const range = document.createRange();
      range.setStart(text, i);
      range.setEnd(text, i + 1);
      return range.getBoundingClientRect().left;
    };
    // The digits, not the first and last characters: an Arabic amount begins with a
    // right-to-left mark and puts its symbol where Arabic reads it; the number itself must
    // still read left to right.
    const first = text.data.search(/\d/);
    const last = text.data.length - 1 - [...text.data].reverse().join('').search(/\d/);
    if (first < 0) return [`${selector} "${text.data}": no digits`];
    return x(first) < x(last) ? [] : [`${selector} "${text.data}" reads right to left`];
  });
}

for (const dir of ['rtl', 'ltr']) {
  for (const width of [1100, 375]) {
    test(`${dir} at ${width} px: the list, the details, the dialog and the result mirror as a whole`, async () => {
      const { page, widget, errors } = await open(dir, width);
      const gaps = (within, ...selectors) => widget.evaluate(gapsIn, { dir, within, selectors });
      const shot = (screen) => screenshot(page, `rtl-${screen}-${dir}-${width}`);
      const broken = [];
      const check = async (screen) => {
        await shot(screen);
        broken.push(...(await widget.evaluate(brokenLayout)).map((b) => `${screen}: ${b}`));
      };

      // The list: the title, the first tab and each card's number start the line; the first
      // tab is the one in view while the row scrolls; Next page ends it.
      await check('list');
      assert.equal(await widget.evaluate((host) => getComputedStyle(host.shadowRoot.querySelector('.oc-widget')).direction), dir);
      const list = await gaps('.oc-widget', '.oc-title', '.oc-tab', '.oc-pager__next');
      assert.ok(list['.oc-title'].start <= 13, `title at the inline start: ${JSON.stringify(list)}`);
      assert.ok(list['.oc-tab'].start <= 13, `first tab at the inline start: ${JSON.stringify(list)}`);
      assert.ok(list['.oc-pager__next'].end <= 13, `Next page at the inline end: ${JSON.stringify(list)}`);
      const card = await gaps('.oc-card', '.oc-card__number', '.oc-status');
      assert.ok(card['.oc-card__number'].start <= 14, `order number at the card's inline start: ${JSON.stringify(card)}`);
      assert.ok(card['.oc-status'].end <= 14, `status at the card's inline end: ${JSON.stringify(card)}`);
      assert.deepEqual(await widget.evaluate(backwardsAmounts, '.oc-card__total strong'), []);
      if (width === 375) {
        // The cut end of the tab row fades, on the side where the row goes on.
        const fade = await widget.evaluate((host) => getComputedStyle(host.shadowRoot.querySelector('.oc-tabs')).maskImage);
        assert.match(fade, dir === 'rtl' ? /\((to right|90deg)/ : /\((to left|-90deg|270deg)/, `fade toward the inline end: ${fade}`);
        const last = await widget.evaluate(gapsIn, { dir, within: '.oc-tabs', selectors: ['.oc-tab:last-child'] });
        assert.ok(last['.oc-tab:last-child'].end < 0, `the tab row goes on past its inline end: ${JSON.stringify(last)}`);
      }

      // The details of the discounted order: the back link starts the screen, its arrow points
      // to the inline start, every amount (the discount's minus first) reads left to right.
      await widget.getByRole('button', { name: named(dir, 'card.order', { number: 'PO-10421' }) }).click();
      await widget.locator('.oc-item').first().waitFor();
      await check('details');
      const details = await gaps('.oc-widget', '.oc-back', '.oc-title');
      assert.ok(details['.oc-back'].start <= 13, `back link at the inline start: ${JSON.stringify(details)}`);
      assert.ok(details['.oc-title'].start <= 13, `title at the inline start: ${JSON.stringify(details)}`);
      const item = await gaps('.oc-item', '.oc-item__check');
      assert.ok(item['.oc-item__check'].start <= 16, `an item's checkbox at its inline start: ${JSON.stringify(item)}`);
      const arrow = await widget.evaluate((host) => getComputedStyle(host.shadowRoot.querySelector('.oc-back'), '::before').content);
      assert.equal(arrow, dir === 'rtl' ? '"→ "' : '"← "', 'the back arrow points to the inline start');
      assert.deepEqual(await widget.evaluate(backwardsAmounts, '.oc-summary__row > :last-child'), []);
      assert.ok(await widget.locator('.oc-summary__row', { hasText: /-.*5\.00|5\.00.*-/ }).count(), 'the discount row is shown');

      // The reason dialog: its buttons in the order they are read, from the inline start.
      await widget.locator('.oc-item', { hasText: 'Merino wool beanie' }).getByRole('button', { name: named(dir, 'action.cancel_item') }).click();
      const dialog = widget.getByRole('dialog');
      await dialog.getByRole('combobox').selectOption('changed_mind');
      await widget.locator('.oc-quote__total').waitFor();
      await check('dialog');
      const buttons = await gaps('.oc-dialog', '.oc-dialog__actions > :first-child', '.oc-dialog__actions > :last-child', '.oc-dialog__title');
      const [keep, confirm] = [buttons['.oc-dialog__actions > :first-child'], buttons['.oc-dialog__actions > :last-child']];
      assert.ok(keep.start < confirm.start, `Keep before Cancel item from the inline start: ${JSON.stringify(buttons)}`);
      assert.ok(confirm.end <= 19, `the buttons end at the dialog's inline end: ${JSON.stringify(buttons)}`);
      assert.ok(buttons['.oc-dialog__title'].start <= 19, `the title at the dialog's inline start: ${JSON.stringify(buttons)}`);
      assert.deepEqual(await widget.evaluate(backwardsAmounts, '.oc-quote__row > :last-child'), []);

      // The result, above the order.
      await widget.locator('.oc-dialog__actions > :last-child').click();
      await widget.locator('.oc-result').getByText(TEXTS[dir]['result.cancelled']).first().waitFor();
      await check('result');
      const result = await gaps('.oc-result', '.oc-result__dismiss');
      assert.ok(result['.oc-result__dismiss'].start <= 16, `dismiss at the inline start: ${JSON.stringify(result)}`);

      assert.deepEqual(broken, []);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
}
