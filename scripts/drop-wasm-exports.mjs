// Removes exports nothing calls, before wasm-split-cli sees the module, and their classes from
// the JS glue wasm-bindgen writes afterwards:
//   node scripts/drop-wasm-exports.mjs exports LINKED.wasm OUT.wasm PATTERN > dropped.txt
//   node scripts/drop-wasm-exports.mjs glue GLUE.js dropped.txt
// `exports`: every export of the linker's output whose name matches PATTERN (a regular
// expression) leaves its export section; every other byte stays as it is (the relocations
// wasm-split-cli reads point into other sections). wasm-split-cli keeps in the main module only
// what the remaining exports (and the split points) reach, so the code only the dropped ones
// reached is never emitted, nor its function-table entries. Removing the exports after the
// split (wasm-metadce on wasm-bindgen's output, as before 2026-12-05) left that code in the
// main module: the table the chunks import keeps every function whose address a vtable holds
// (about 8 KB raw of futures and io::Error texts, 3.5 KB brotli). Their `__wbindgen_describe_*`
// exports must go too (PATTERN matches both), or wasm-bindgen looks for the function.
// `glue`: GLUE.js (wasm-bindgen 0.2.130's) loses each class whose `__wbg_<class>_free` export
// was dropped: the class, its Symbol.dispose line and its FinalizationRegistry (esbuild kept
// them for those side effects).
// Why: leptos always links server_fn, whose wasm-streams exports three JS classes
// (IntoUnderlyingSource, IntoUnderlyingByteSource, IntoUnderlyingSink) with #[wasm_bindgen];
// the widget never uses them. Stops the build when nothing matches or the glue still calls a
// dropped export, so another version shows up here and not in the browser.
// Used by build_split_wasm (scripts/env.sh).
import { readFileSync, writeFileSync } from 'node:fs';

const [mode, ...args] = process.argv.slice(2);
const fail = (why) => {
  console.error(`drop-wasm-exports: ${why}`);
  process.exit(1);
};
const usage = () => {
  console.error('usage: node scripts/drop-wasm-exports.mjs exports LINKED.wasm OUT.wasm PATTERN > dropped.txt\n'
    + '       node scripts/drop-wasm-exports.mjs glue GLUE.js dropped.txt');
  process.exit(2);
};

/** Unsigned LEB128 at `at`: [value, position after it]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}
function toLeb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

/** The module with the export section's entries named by `drop` left out; [bytes, dropped]. */
function withoutExports(wasm, drop) {
  const EXPORT_SECTION = 7;
  const parts = [wasm.subarray(0, 8)]; // magic and version
  const dropped = [];
  let at = 8;
  while (at < wasm.length) {
    const [size, body] = leb(wasm, at + 1);
    const end = body + size;
    if (wasm[at] !== EXPORT_SECTION) {
      parts.push(wasm.subarray(at, end));
    } else {
      let [count, entry] = leb(wasm, body);
      const kept = [];
      for (; count > 0; count--) {
        const start = entry;
        const [length, name] = leb(wasm, entry);
        const exportName = wasm.subarray(name, name + length).toString('utf8');
        entry = leb(wasm, name + length + 1)[1]; // after the kind byte and the index
        if (drop.test(exportName)) dropped.push(exportName);
        else kept.push(wasm.subarray(start, entry));
      }
      if (entry !== end) fail('the export section is not what it should be');
      const section = Buffer.concat([toLeb(kept.length), ...kept]);
      parts.push(Buffer.from([EXPORT_SECTION]), toLeb(section.length), section);
    }
    at = end;
  }
  return [Buffer.concat(parts), dropped];
}

if (mode === 'exports') {
  const [linkedFile, outFile, pattern] = args;
  if (!pattern) usage();
  const [wasm, dropped] = withoutExports(readFileSync(linkedFile), new RegExp(pattern));
  if (dropped.length === 0) fail(`no export of ${linkedFile} matches /${pattern}/`);
  // Still a module, with every other export where it was.
  WebAssembly.Module.exports(new WebAssembly.Module(wasm));
  writeFileSync(outFile, wasm);
  process.stdout.write(`${dropped.join('\n')}\n`);
} else if (mode === 'glue') {
  const [glueFile, droppedFile] = args;
  if (!droppedFile) usage();
  // The linker's names end in the crate's hash (`…_free_58a9338f50bce61c`); wasm-bindgen's don't.
  const dropped = readFileSync(droppedFile, 'utf8').split('\n').filter(Boolean)
    .map((name) => name.replace(/_[0-9a-f]{16}$/, ''));
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
} else {
  usage();
}
