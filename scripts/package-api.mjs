// The npm package's API: what an embedder imports, and nothing of the wasm's internals.
// wasm-bindgen also exports the classes Leptos' `server_fn` brings along (wasm-streams'
// IntoUnderlying*, never used by the widget) and types every wasm export in `InitOutput`,
// whose names scripts/minify-wasm-names.mjs has shortened. This script
//   node scripts/package-api.mjs entry OUT/STEM.js      prints the bundle entry: a re-export
//                                                        of the widget's API only, so esbuild
//                                                        drops the rest of the glue
//   node scripts/package-api.mjs types OUT/STEM.d.ts    removes the same from the declarations
// Used by scripts/build-embed.sh.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const API = ['default', 'initSync', 'mount', 'start', 'WidgetHandle'];
const INTERNAL = /^IntoUnderlying/;
const [mode, file] = process.argv.slice(2);
const fail = (why) => {
  console.error(`package-api: ${why}`);
  process.exit(1);
};

if (mode === 'entry') {
  const glue = readFileSync(file, 'utf8');
  const exported = [...glue.matchAll(/^export (?:class|function) (\w+)/gm)].map((m) => m[1]);
  const unknown = exported.filter((name) => !API.includes(name) && !INTERNAL.test(name));
  // A new export of the widget's must be added to API on purpose, not dropped silently.
  if (unknown.length) fail(`the glue exports ${unknown.join(', ')}: add to API or INTERNAL`);
  process.stdout.write(`export { ${API.join(', ')} } from "./${path.basename(file)}";\n`);
} else if (mode === 'types') {
  let types = readFileSync(file, 'utf8');
  types = types.replace(/\/\*\*\n \* The `ReadableStreamType` enum\.[\s\S]*?export type ReadableStreamType = "bytes";\n/, '');
  types = types.replace(/export class IntoUnderlying\w+ \{[\s\S]*?\n\}\n\n/g, '');
  types = types.replace(
    /export interface InitOutput \{[\s\S]*?\n\}\n/,
    '/** The instantiated module. Its exports are the widget\'s internals (their names are minified). */\nexport interface InitOutput {}\n',
  );
  if (/IntoUnderlying|ReadableStreamType|__wbindgen_malloc/.test(types)) fail(`internals left in ${file}`);
  writeFileSync(file, types);
} else {
  fail('usage: node scripts/package-api.mjs entry GLUE.js | types STEM.d.ts');
}
