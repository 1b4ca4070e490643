// Main-thread script time of the embeddable build (dist-embed/) on the example storefront,
// against the real server, in headless Chromium: for comparing two builds of the same code
// (e.g. other wasm-opt inlining flags), where times quantised to frames say little.
//   node e2e/bench-runtime.mjs [RUNS]   (default 5; one more, first, is a warm-up)
// Per run (fresh browser context): first card visible (ms since navigation, per frame), the
// page's script time until then (CDP Performance.getMetrics ScriptDuration: JS and wasm), and
// the script time of opening PO-10419's details and its first "Cancel item" dialog after the
// chunk was fetched ahead of use; then the medians. Reported, never asserted. To compare two
// builds, put each one's .wasm files into dist-embed/ in turn and alternate the runs, so a
// machine's changing load hits both alike (docs/size-history.md has such a comparison).
import { ROOT, freePort, startServer, serveDist, launchBrowser } from './harness.mjs';
const EXAMPLE_API = 'http://127.0.0.1:8787';
const runs = +(process.argv[2] || 5);
const port = await freePort();
const server = await startServer({ preset: 'temu', allowOrigin: `http://127.0.0.1:${port}` });
const site = await serveDist({ root: ROOT, port });
const browser = await launchBrowser();
function record() {
  const visible = (el) => !!el && el.getBoundingClientRect().height > 0;
  const bench = (window.__bench = {});
  const tick = () => {
    const card = [...document.querySelectorAll('order-cancel-widget, #mounted')].map((h) => h.shadowRoot?.querySelector('.oc-card')).find(visible);
    if (card) bench.firstCard = performance.now(); else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
const script = async (cdp) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration').value * 1000;
const rows = [];
for (let i = 0; i <= runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 1400 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.route(`${EXAMPLE_API}/**`, (route) => route.continue({ url: route.request().url().replace(EXAMPLE_API, server.url) }));
  await page.addInitScript(record);
  await page.goto(`${site.url}examples/storefront/`, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__bench?.firstCard, null, { timeout: 30_000 });
  const s1 = await script(cdp);
  const first = await page.evaluate(() => window.__bench.firstCard);
  const widget = page.locator('order-cancel-widget');
  await page.waitForTimeout(1500); // idle: the chunk is fetched ahead of use
  const s2 = await script(cdp);
  await widget.getByRole('button', { name: 'Order PO-10419', exact: true }).click();
  const cancel = widget.locator('.oc-item', { hasText: 'Bamboo cutting board' }).getByRole('button', { name: 'Cancel item' });
  await cancel.click();
  await widget.locator('[role=dialog]').waitFor({ state: 'visible' });
  const s3 = await script(cdp);
  if (i > 0) rows.push([first, s1, s3 - s2]); // run 0 is a warm-up
  await context.close();
}
const med = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
console.log(rows.map((r) => r.map((x) => x.toFixed(1)).join('\t')).join('\n'));
console.log(`median of ${rows.length}: first card ${med(0).toFixed(1)} ms, script to first card ${med(1).toFixed(1)} ms, script details+dialog ${med(2).toFixed(1)} ms`);
await browser.close(); await site.stop?.(); await server.stop?.();
process.exit(0);
