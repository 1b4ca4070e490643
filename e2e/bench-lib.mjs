// Small helpers shared by the benchmark scripts (bench-timing.mjs, bench-load.mjs), which
// scripts/bench.sh runs. Not a test file: `node --test e2e/` only runs *.test.mjs.

import http from 'node:http';

/** Nearest-rank percentile (q in 0..1) of a list of numbers; NaN when empty. */
export function percentile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1];
}

/** "123.4" (or "0.42" below 10) for a number of milliseconds, "-" when there is none. */
export const ms = (v) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : '-');

/** "median / p90" of a list of milliseconds. */
export const medP90 = (values) => `${ms(percentile(values, 0.5))} / ${ms(percentile(values, 0.9))}`;

/** Prints rows of cells as a table: first column left-aligned, the others right-aligned
 * (numbers) unless `left` (text). */
export function printTable(rows, { left = false } = {}) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const row of rows) {
    const cells = row.map((cell, c) =>
      c === 0 || left ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]),
    );
    console.log(`  ${cells.join('   ')}`.trimEnd());
  }
}

/**
 * One HTTP request over `agent` (keep-alive), body read in full. Resolves to
 * { status, headers, body, ms } where ms runs from sending to the last byte received.
 */
export function request(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.request(url, { agent, method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: performance.now() - t0,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
