// Removes exports nothing calls from the main module and their classes from its JS glue, so
// that wasm-opt then drops the code only they reached:
//   node scripts/drop-wasm-exports.mjs MODULE.wasm GLUE.js PATTERN > graph.json
//   wasm-metadce --graph-file graph.json MODULE.wasm -o MODULE.wasm
// Every export whose name matches PATTERN (a regular expression) goes; all others are the
// graph's roots. GLUE.js (wasm-bindgen 0.2.130's) loses each class whose `__wbg_<class>_free`
// export goes: the class, its Symbol.dispose line and its FinalizationRegistry (esbuild kept
// them for those side effects). Why: leptos always links server_fn, whose wasm-streams exports
// three JS classes (IntoUnderlyingSource, IntoUnderlyingByteSource, IntoUnderlyingSink) with
// #[wasm_bindgen]; the widget never uses them. Stops the build when nothing matches or the
// glue still calls a removed export, so another version shows up here and not in the browser.
// Used by build_split_wasm (scripts/env.sh).
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmFile, glueFile, pattern] = process.argv.slice(2);
if (!pattern) {
  console.error('usage: node scripts/drop-wasm-exports.mjs MODULE.wasm GLUE.js PATTERN > graph.json');
  process.exit(2);
}
const fail = (why) => {
  console.error(`drop-wasm-exports: ${why}`);
  process.exit(1);
};
const drop = new RegExp(pattern);
const exports = WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(wasmFile))).map((e) => e.name);
const dropped = exports.filter((name) => drop.test(name));
if (dropped.length === 0) fail(`no export of ${wasmFile} matches /${pattern}/`);

let glue = readFileSync(glueFile, 'utf8');
const escape = (s) => s.replace(/[$]/g, '\\$');
for (const [, lower] of dropped.map((name) => name.match(/^__wbg_(\w+)_free$/)).filter(Boolean)) {
  const cls = [...glue.matchAll(/^export class (\w+) \{$/gm)].map((m) => m[1]).find((c) => c.toLowerCase() === lower);
  if (!cls) fail(`no class for export __wbg_${lower}_free in ${glueFile}`);
  const body = new RegExp(`^export class ${cls} \\{\\n[^]*?^if \\(Symbol\\.dispose\\) ${cls}\\.prototype\\[Symbol\\.dispose\\] = ${cls}\\.prototype\\.free;\\n`, 'm');
  const registry = new RegExp(`^const ${cls}Finalization = [^;]*;\\n`, 'm');
  if (!body.test(glue) || !registry.test(glue)) fail(`class ${cls} is not where it should be in ${glueFile}`);
  glue = glue.replace(body, '').replace(registry, '');
}
for (const name of dropped) {
  if (new RegExp(`\\bwasm\\.${escape(name)}(?![\\w$])`).test(glue)) fail(`${glueFile} still calls export ${name}`);
}
writeFileSync(glueFile, glue);
const kept = exports.filter((name) => !drop.test(name));
const graph = [
  { name: 'root', root: true, reaches: kept.map((name) => `export:${name}`) },
  ...exports.map((name) => ({ name: `export:${name}`, export: name })),
];
process.stdout.write(JSON.stringify(graph));
