// The example storefront (examples/storefront): the embeddable build (scripts/build-embed.sh)
// on a plain static server, under a strict CSP and a hostile stylesheet, against the real
// server on another origin (CORS).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routeApi, screenshot, storefrontForFile, watchPage } from './harness.mjs';

// The repository on a static server, nothing more; the example page is written against
// 127.0.0.1:8787, which routeApi sends to this run's server.
const shop = storefrontForFile({ preset: 'temu' });

test('the example page embeds two widgets under a strict CSP, untouched by its CSS', async () => {
  const page = await shop.browser.newPage({ viewport: { width: 1000, height: 1400 } });
  const { errors } = watchPage(page);
  // The page's CSP allows 127.0.0.1:8787; send those requests to this run's server instead.
  await routeApi(page, shop.server);
  await page.goto(`${shop.site.url}examples/storefront/`);
  const element = page.locator('order-cancel-widget');
  const mounted = page.locator('#mounted');
  await element.getByText('PO-10421').waitFor();
  await mounted.getByText('Meine Bestellungen').waitFor();
  // The heading renders before the first page arrives: wait for the cards themselves.
  await mounted.locator('.oc-card').first().waitFor();
  assert.equal(await mounted.locator('.oc-card').count(), 3, 'pageSize 3');
  await screenshot(page, 'example-storefront');

  const look = await element.evaluate((host) => {
    const widget = host.shadowRoot.querySelector('.oc-widget');
    const button = host.shadowRoot.querySelector('.oc-button');
    const css = getComputedStyle(widget);
    return { font: css.fontFamily, spacing: css.letterSpacing, display: getComputedStyle(button).display,
      buttonBorder: getComputedStyle(button).borderTopStyle };
  });
  assert.doesNotMatch(look.font, /Comic/);
  assert.equal(look.spacing, 'normal');
  assert.notEqual(look.display, 'none');
  assert.equal(look.buttonBorder, 'solid');
  const accent = await mounted.evaluate((host) =>
    getComputedStyle(host.shadowRoot.querySelector('.oc-tab[aria-selected=true]')).borderBottomColor);
  assert.equal(accent, 'rgb(0, 121, 107)', 'the theme option reached the shadow root');

  // A cancellation through the element reaches the host page as events.
  await element.getByRole('button', { name: 'Order PO-10419', exact: true }).click();
  // The details' and the dialog's rules come with their chunk.
  const itemLook = await element.locator('.oc-item').first().evaluate((item) => getComputedStyle(item).display);
  assert.equal(itemLook, 'grid', 'the order details are styled');
  await element.locator('.oc-item', { hasText: 'Bamboo cutting board' }).getByRole('button', { name: 'Cancel item' }).click();
  const dialogLook = await element.getByRole('dialog').evaluate((d) => getComputedStyle(d).position);
  assert.equal(dialogLook, 'fixed', 'the dialog is styled');
  await screenshot(page, 'example-storefront-dialog');
  await element.getByRole('dialog').getByRole('combobox').selectOption('ordered_by_mistake');
  await element.getByRole('dialog').getByRole('button', { name: 'Cancel item' }).click();
  await element.locator('.oc-result').getByText(/^Cancelled\./).waitFor();
  await page.locator('#events').getByText('order-cancel:completed PO-10419').waitFor();
  // The other widget on the page sees the same rules (one shared stylesheet).
  await mounted.locator('.oc-card').first().getByRole('button', { name: /^Bestellung/ }).click();
  const otherLook = await mounted.locator('.oc-item').first().evaluate((item) => getComputedStyle(item).display);
  assert.equal(otherLook, 'grid', 'the second widget sees the same rules');

  const problems = errors.filter((e) => /Content Security Policy|Refused to|pageerror/.test(e));
  assert.deepEqual(problems, [], 'no CSP violations or uncaught errors');
  await page.close();
});

test('a chunk that cannot be fetched says so, and "Try again" loads it', async () => {
  const page = await shop.browser.newPage({ viewport: { width: 1000, height: 1400 } });
  const { errors } = watchPage(page);
  await routeApi(page, shop.server);
  // The lazily loaded chunks (order details, dialog, results) fail as if the network dropped.
  const chunk = /\/dist-embed\/(split|chunk)_[^/]*\.wasm$/;
  const aborted = [];
  await page.route(chunk, (route) => {
    aborted.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  await page.goto(`${shop.site.url}examples/storefront/`);
  const element = page.locator('order-cancel-widget');
  await element.getByRole('button', { name: 'Order PO-10419', exact: true }).click();
  const alert = element.getByRole('alert');
  await alert.getByText('This part of the widget could not be loaded. Check your connection.').waitFor();
  assert.ok(aborted.length > 0, 'the details came from a chunk');
  await screenshot(page, 'chunk-failed');

  await page.unroute(chunk);
  await alert.getByRole('button', { name: 'Try again' }).click();
  // (The first test cancelled the cutting board; the wraps are still there to cancel.)
  const wraps = element.locator('.oc-item', { hasText: 'Beeswax food wraps' });
  await wraps.getByRole('button', { name: 'Cancel item' }).click();
  await element.getByRole('dialog').getByRole('combobox').selectOption('ordered_by_mistake');
  assert.equal(await element.getByText('This part of the widget could not be loaded').count(), 0);
  assert.deepEqual(errors.filter((e) => /pageerror/.test(e)), [], 'no uncaught errors');
  await page.close();
});
