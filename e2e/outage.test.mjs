// The shopper confirms a cancellation while the store's database is away for a few seconds:
// the API answers 503 `unavailable` with Retry-After, the widget keeps trying (the button
// says "Cancelling…", no error), and once the database is back the result is shown; the
// order holds exactly one cancellation. The outage is real: another process holds the
// server's SQLite write lock (`BEGIN EXCLUSIVE`) past the server's 5 s busy timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { DEMO_TOKEN, demoForFile, openOrder, screenshot, watchPage } from './harness.mjs';

const demo = demoForFile({ preset: 'tiktok_shop' });
const widget = (page) => page.locator('order-cancel-widget');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** python3 holding `file`'s write lock until `release()`. */
async function holdWriteLock(file) {
  const script = [
    'import sqlite3, sys',
    'c = sqlite3.connect(sys.argv[1], isolation_level=None)',
    "c.execute('BEGIN EXCLUSIVE')",
    "print('locked', flush=True)",
    'sys.stdin.read()',
    "c.execute('ROLLBACK')",
  ].join('\n');
  const child = spawn('python3', ['-c', script, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = await once(child.stdout, 'data');
  assert.equal(String(line).trim(), 'locked');
  const exited = once(child, 'exit');
  return {
    release: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/** PO-10421 as the API has it now. */
async function storedOrder() {
  const search = await fetch(`${demo.server.url}/v1/orders?q=PO-10421`, {
    headers: { Authorization: `Bearer ${DEMO_TOKEN}` },
  }).then((r) => r.json());
  return search.orders.find((o) => o.number === 'PO-10421');
}

test('confirming while the API answers 503 for a few seconds: one cancellation, the result shown', async () => {
  const before = (await storedOrder()).cancellations.length;
  const page = await demo.browser.newPage({ viewport: { width: 1100, height: 900 } });
  const watched = watchPage(page);
  await page.goto(demo.site.url);
  await widget(page).getByText('PO-10421').waitFor();
  await openOrder(widget(page), 'PO-10421');
  const beanie = widget(page).locator('.oc-item', { hasText: 'Merino wool beanie' });
  await beanie.getByRole('button', { name: 'Cancel item' }).click();
  const dialog = widget(page).getByRole('dialog');
  await dialog.getByRole('combobox').selectOption('changed_mind');

  const database = demo.server.args[demo.server.args.indexOf('--db') + 1];
  const lock = await holdWriteLock(database);
  const posts = () => demo.site.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/cancellations'));
  let released = false;
  try {
    const clicked = Date.now();
    await dialog.getByRole('button', { name: 'Cancel item' }).click();
    // The first try waits out the busy timeout and is answered 503; the widget waits as
    // Retry-After says and tries again, showing that it is still at it, not an error.
    for (;;) {
      if (posts().some((r) => r.status === 503)) break;
      assert.ok(Date.now() - clicked < 12_000, `no 503 yet: ${JSON.stringify(posts())}`);
      await sleep(100);
    }
    await dialog.getByRole('button', { name: 'Cancelling…' }).waitFor({ timeout: 1000 });
    assert.equal(
      await widget(page).getByText(/busy right now|could not answer|could not reach/).count(),
      0,
      'no error shown meanwhile',
    );
    await screenshot(page, 'outage-still-trying');
    await lock.release();
    released = true;
  } finally {
    if (!released) await lock.release();
  }
  await widget(page)
    .locator('.oc-result')
    .getByText(/€32\.85 .*original payment method/)
    .waitFor({ timeout: 15_000 });
  await screenshot(page, 'outage-result');

  const statuses = posts().map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 201).length, 1, `one cancellation answered: ${statuses}`);
  assert.ok(
    statuses.every((s) => s === 201 || s === 503),
    `only 503 then 201: ${statuses}`,
  );
  const order = await storedOrder();
  assert.equal(order.cancellations.length, before + 1, JSON.stringify(order.cancellations));
  assert.deepEqual(watched.errors.filter((e) => e.startsWith('pageerror')), []);
  await page.close();
});
