// What makes the wasm big, for scripts/bench.sh: reads `twiggy top -f csv` of the shipped
// wasm optimised the same way but with its names kept (wasm-opt -Oz -g), and prints the
// largest crates and the largest functions. Not a test file (`node --test e2e/` only runs
// *.test.mjs).
//
//   twiggy top -n 1000000 -f csv named.wasm | node e2e/bench-wasm-top.mjs [rows]

import { readFileSync } from 'node:fs';
import { printTable } from './bench-lib.mjs';

const ROWS = Number(process.argv[2] ?? 15);

/** Splits one CSV line of twiggy's output ("" escapes a quote inside a quoted field). */
function csvFields(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') { field += '"'; i++; }
    else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { fields.push(field); field = ''; }
    else field += c;
  }
  fields.push(field);
  return fields;
}

/** Rust's symbol noise out: crate disambiguators `[0123abcd…]` and `::h<hash>` suffixes. */
const tidy = (name) => name.replace(/\[[0-9a-f]{8,}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');

/** The crate a function's code belongs to: the first path of `path::f`, or of `<Type as
 * Trait>` (the trait's when the type is generic or primitive, like `<_ as tachys::…>`). */
function owner(name) {
  if (/^data(\[| segment)/.test(name)) return '(data: strings, tables)';
  if (name.startsWith('import ')) return '(imports: names of JS functions)';
  const unwrapped = name.replace(/^<&?(?:mut )?(?:_|[a-z0-9]+|\(.*?\)|\[[^\]]*\]|str) as /, '<');
  const crate = unwrapped.replace(/^[<&]*(?:mut |dyn )?/, '').match(/^([a-z_][a-z0-9_]*)::/);
  if (!crate) return '(other: wasm-bindgen glue, tables)';
  return crate[1] === 'order_cancel_widget' || crate[1] === 'cancel_policy' ? `${crate[1]} (ours)` : crate[1];
}

const lines = readFileSync(0, 'utf8').trim().split('\n').slice(1);
const items = lines
  .map(csvFields)
  .map(([name, size]) => ({ name: tidy(name), bytes: Number(size) }))
  // The name section and its headers exist only in this copy, kept for this table.
  .filter((item) => !/ names?" subsection$/.test(item.name) && !item.name.startsWith("custom section 'name'"));
const total = items.reduce((sum, item) => sum + item.bytes, 0);
const pct = (bytes) => `${((100 * bytes) / total).toFixed(1)}%`;

const byCrate = new Map();
for (const { name, bytes } of items) {
  const crate = owner(name);
  const entry = byCrate.get(crate) ?? { bytes: 0, count: 0 };
  entry.bytes += bytes;
  entry.count += 1;
  byCrate.set(crate, entry);
}
console.log(`   by crate (raw bytes of the optimised wasm, ${total} in all; brotli shrinks each about 3x)`);
printTable([
  ['crate', 'bytes', 'share', 'items'],
  ...[...byCrate].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, ROWS)
    .map(([crate, { bytes, count }]) => [crate, bytes, pct(bytes), count]),
]);
console.log();
console.log('   largest single items');
const width = 110;
printTable([
  ['item', 'bytes', 'share'],
  ...items.sort((a, b) => b.bytes - a.bytes).slice(0, ROWS)
    .map(({ name, bytes }) => [name.length > width ? `${name.slice(0, width - 1)}…` : name, bytes, pct(bytes)]),
]);
