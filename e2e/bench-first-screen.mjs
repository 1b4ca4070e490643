// What the example storefront (examples/storefront, the split build in dist-embed/) makes the
// browser fetch before the first order card is on screen, from Chromium's own record
// (Resource Timing), against the real server. Run by scripts/bench.sh, which sizes the files.
//
//   stdout   one path per line, relative to the repository root: every dist-embed/ file whose
//            fetch started before the first `.oc-card` was visible (checked once per frame),
//            with the text catalog of that card's widget only: the page also mounts a German
//            instance beside the English one, and a page fetches one catalog per language it
//            shows (the budget is the first screen with its catalog)
//   stderr   with --dialog: "Cancel item" click -> dialog visible on the first open, after the
//            pointer rested on the button for a moment (the chunk is fetched on hover/idle)
//
// The server binary is the harness's (ORDER_CANCEL_SERVER_BIN or target/debug).

import path from 'node:path';
import { ROOT, freePort, startServer, serveDist, launchBrowser, watchPage, screenshot } from './harness.mjs';

const EXAMPLE_API = 'http://127.0.0.1:8787'; // what the example page is written against
const withDialog = process.argv.includes('--dialog');

// In the page from its first script on: when the first card is visible, what was fetched.
function recordFirstScreen() {
  const visible = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true });
  };
  const firstCard = () =>
    [...document.querySelectorAll('order-cancel-widget, #mounted')]
      .map((host) => host.shadowRoot?.querySelector('.oc-card'))
      .find(visible);
  const bench = (window.__bench = { visible });
  const tick = () => {
    const card = firstCard();
    if (card) {
      bench.firstCard = performance.now();
      bench.lang = card.closest('.oc-widget').lang;
      bench.fetched = performance.getEntriesByType('resource').map((e) => e.name);
    } else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function armDialogWatch() {
  const bench = window.__bench;
  const dialog = () => document.querySelector('order-cancel-widget').shadowRoot.querySelector('[role=dialog]');
  window.addEventListener(
    'click',
    () => {
      const clickedAt = performance.now();
      const tick = () => {
        if (bench.visible(dialog())) bench.dialog = performance.now() - clickedAt;
        else requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    { capture: true, once: true },
  );
}

const port = await freePort();
const server = await startServer({ preset: 'temu', allowOrigin: `http://127.0.0.1:${port}` });
const site = await serveDist({ root: ROOT, port });
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
const { errors } = watchPage(page);
try {
  await page.route(`${EXAMPLE_API}/**`, (route) =>
    route.continue({ url: route.request().url().replace(EXAMPLE_API, server.url) }),
  );
  await page.addInitScript(recordFirstScreen);
  await page.goto(`${site.url}examples/storefront/`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__bench?.firstCard, null, { timeout: 30_000 });
  const { fetched, lang } = await page.evaluate(() => window.__bench);
  if (!lang) throw new Error('the first card\'s widget names no language (lang)');
  const prefix = `${site.url}dist-embed/`;
  const catalog = /\/locale-[0-9a-f]+-([^/.]+)\.(?:details\.)?json$/;
  const ours = (u) => !catalog.test(u) || u.match(catalog)[1] === lang;
  const files = [...new Set(fetched.filter((u) => u.startsWith(prefix) && ours(u)))].map((u) =>
    path.posix.join('dist-embed', decodeURIComponent(new URL(u).pathname.slice('/dist-embed/'.length))),
  );
  if (!files.some((f) => f.endsWith('.wasm'))) throw new Error(`no wasm among the fetched files: ${fetched.join(', ')}`);
  console.log(files.join('\n'));

  if (withDialog) {
    const widget = page.locator('order-cancel-widget');
    await widget.getByRole('button', { name: 'Order PO-10419', exact: true }).click();
    const cancel = widget.locator('.oc-item', { hasText: 'Bamboo cutting board' }).getByRole('button', { name: 'Cancel item' });
    await cancel.hover();
    await page.waitForTimeout(300); // a shopper's pointer rests on a button before clicking
    await page.evaluate(armDialogWatch);
    await cancel.click();
    const ms = await (await page.waitForFunction(() => window.__bench.dialog, null, { timeout: 30_000 })).jsonValue();
    console.error(`"Cancel item" click -> dialog visible (first open): ${ms.toFixed(1)} ms`);
  }
  const problems = errors.filter((e) => /pageerror|Refused to/.test(e));
  if (problems.length) throw new Error(`page errors: ${problems.join('\n')}`);
} catch (err) {
  const shot = await screenshot(page, 'bench-first-screen-failed').catch(() => '(none)');
  console.error(`${err.message}\nscreenshot: ${shot}\npage errors: ${errors.join('\n') || '(none)'}\nserver log:\n${server.log()}`);
  process.exitCode = 1;
} finally {
  await browser.close();
  await site.stop();
  await server.stop();
}
