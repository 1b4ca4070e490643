// Host pages the widget was not designed with, embedding the built files (dist-embed/) by
// the README's steps, literally (e2e/pages/host.html): served with the documented strict CSP
// as an HTTP header, with Trusted Types enforced, with a 62.5 % root font size, and in a grid
// column on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, routeApi, screenshot, storefrontForFile, watchPage, cancelThroughEveryScreen } from './harness.mjs';

const API = 'http://127.0.0.1:8787'; // what the page is written against; routed to this run's server
// The policy the README documents, word for word (README, "Allow it in your CSP").
export const DOCUMENTED_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  `connect-src 'self' ${API}; base-uri 'none'; form-action 'none'`;
const TRUSTED_TYPES = "require-trusted-types-for 'script'; trusted-types 'none'";

// The page's policy comes as a real HTTP header from the static server: `?csp=strict` is
// the documented policy, `?csp=trusted-types` adds Trusted Types enforcement.
const policies = { strict: [DOCUMENTED_CSP], 'trusted-types': [DOCUMENTED_CSP, TRUSTED_TYPES] };
const shop = storefrontForFile({
  preset: 'temu',
  headers: (url) => {
    const csp = url.pathname.endsWith('.html') && policies[url.searchParams.get('csp')];
    return csp ? { 'content-security-policy': csp.join(', ') } : {};
  },
});

/** Opens the host page under the policy named `csp` (none when empty). */
async function openHost({ csp = '', stylesheet = 'host.css', viewport = { width: 1000, height: 1000 } } = {}) {
  const page = await shop.browser.newPage({ viewport });
  const watched = watchPage(page);
  page.on('console', (msg) => {
    if (/Content Security Policy|Trusted Type|TrustedHTML/i.test(msg.text())) watched.errors.push(msg.text());
  });
  await routeApi(page, shop.server, API);
  if (stylesheet !== 'host.css') {
    await page.route('**/e2e/pages/host.css', (route) => route.fulfill({ path: path.join(ROOT, 'e2e', 'pages', stylesheet) }));
  }
  await page.goto(`${shop.site.url}e2e/pages/host.html${csp ? `?csp=${csp}` : ''}`);
  return { page, errors: watched.errors, widget: page.locator('order-cancel-widget') };
}

test('the README steps under the documented CSP as a header: renders, token function used, no violations', async () => {
  const { page, errors, widget } = await openHost({ csp: 'strict' });
  await cancelThroughEveryScreen(widget, 'Bamboo cutting board');
  await screenshot(page, 'host-strict-csp');
  assert.deepEqual(errors, [], 'no CSP violations or page errors');
  // The config set before init() (a token function) was used: the widget is signed in.
  assert.equal(await widget.getByText('token is missing').count(), 0);
  await page.close();
});

test('with Trusted Types enforced nothing sets innerHTML: every screen renders', async () => {
  const { page, errors, widget } = await openHost({ csp: 'trusted-types' });
  await cancelThroughEveryScreen(widget, 'Beeswax food wraps');
  await widget.getByRole('button', { name: /Back to my orders/ }).click();
  await widget.locator('.oc-card').first().waitFor();
  assert.deepEqual(errors, [], 'no Trusted Types violations');
  await page.close();
});

test('a 62.5 % root font size leaves the widget’s text sizes as on a neutral page', async () => {
  const sizes = async (stylesheet) => {
    const { page, widget } = await openHost({ stylesheet });
    await widget.locator('.oc-card').first().waitFor();
    const measured = await widget.evaluate((host) =>
      ['.oc-title', '.oc-card__meta', '.oc-button', '.oc-tab', '.oc-status', '.oc-card__total'].map((selector) => {
        const el = host.shadowRoot.querySelector(selector);
        return `${selector} ${el ? getComputedStyle(el).fontSize : 'missing'}`;
      }));
    if (stylesheet !== 'host.css') await screenshot(page, 'host-small-root');
    await page.close();
    return measured;
  };
  const neutral = await sizes('host.css');
  assert.ok(neutral.every((s) => !s.endsWith('missing')), neutral.join(', '));
  assert.deepEqual(await sizes('small-root.css'), neutral);
});

test('in a grid column on a 375 px phone the widget fits the screen: no sideways scrolling', async () => {
  const { page, errors, widget } = await openHost({ stylesheet: 'grid-column.css', viewport: { width: 375, height: 800 } });
  await widget.locator('.oc-card').first().waitFor();
  const widths = () => page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    widget: Math.round(document.querySelector('order-cancel-widget').getBoundingClientRect().width),
  }));
  // The page's 16 px padding on each side leaves the widget 343 px.
  assert.deepEqual(await widths(), { page: 375, widget: 343 }, 'the list');
  // The tabs that do not fit are scrolled to, inside the widget.
  const tabs = await widget.evaluate((host) => {
    const row = host.shadowRoot.querySelector('.oc-tabs');
    return { scrolls: row.scrollWidth > row.clientWidth, width: row.clientWidth <= 343 };
  });
  assert.deepEqual(tabs, { scrolls: true, width: true });
  await widget.locator('.oc-card').first().getByRole('button', { name: /^Order / }).click();
  await widget.getByRole('button', { name: /Back to my orders/ }).waitFor();
  assert.deepEqual(await widths(), { page: 375, widget: 343 }, "an order's details");
  await screenshot(page, 'host-grid-column-375');
  assert.deepEqual(errors, []);
  await page.close();
});
