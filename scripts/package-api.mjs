// The npm package's API: what an embedder imports, and nothing of the wasm's internals.
// wasm-bindgen also exports the classes Leptos' `server_fn` brings along (wasm-streams'
// IntoUnderlying*, never used by the widget) and types every wasm export in `InitOutput`,
// whose names scripts/minify-wasm-names.mjs has shortened. The default export, `init()`, is
// src/init.js around wasm-bindgen's: it finds the files and explains a failed load. This script
//   node scripts/package-api.mjs entry OUT/STEM.js      prints the bundle entry: a re-export
//                                                        of the widget's API only, so esbuild
//                                                        drops the rest of the glue, with
//                                                        init() from OUT/init.js
//   node scripts/package-api.mjs loader OUT/__wasm_split.js   makes the chunk loader fetch
//                                                        where init({ assetsUrl }) says
//   node scripts/package-api.mjs types OUT/STEM.d.ts    removes the same from the declarations
//                                                        and declares init()'s options
// Used by scripts/build-embed.sh.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const API = ['default', 'initSync', 'mount', 'start', 'WidgetHandle'];
const INTERNAL = /^IntoUnderlying/;
const [mode, file] = process.argv.slice(2);
// src/init.js's init(), declared in place of wasm-bindgen's.
const INIT_TYPES = `export interface InitOptions {
  /**
   * The folder (URL) that holds the package's .wasm files, when the module cannot find them
   * beside itself: e.g. the module is in your bundle and the files are on a CDN. The main
   * module and every lazily loaded chunk are fetched from there.
   */
  assetsUrl?: string | URL;
  /** wasm-bindgen's own option: the main module's URL, Response, bytes or compiled module. */
  module_or_path?: InitInput | Promise<InitInput>;
}

/**
 * Loads the widget and defines \`<order-cancel-widget>\`. Later calls return the same promise,
 * or try again after a failure. When the main .wasm cannot be fetched or compiled, it rejects with an Error
 * naming the URL, the cause and the usual fix, and every \`<order-cancel-widget>\` on the page
 * shows the shopper a short message with a retry instead.
 */
export default function init(options?: InitOptions | InitInput | Promise<InitInput>): Promise<InitOutput>;
`;
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
  const fromGlue = API.filter((name) => name !== 'default');
  process.stdout.write(`export { ${fromGlue.join(', ')} } from "./${path.basename(file)}";\n`);
  process.stdout.write('export { default } from "./init.js";\n');
} else if (mode === 'loader') {
  // wasm-split-cli's loader fetches each chunk at `new URL("./…", import.meta.url)`; that stays
  // (bundlers find the files by it), wrapped in init.js's locate().
  const loader = readFileSync(file, 'utf8');
  const fetches = /fetch\((new URL\("[^"]+\.wasm", import\.meta\.url\))\)/g;
  if (!fetches.test(loader)) fail(`no chunk fetch found in ${file}: has wasm-split-cli's loader changed?`);
  writeFileSync(file, `import { locate } from "./init.js";\n${loader.replace(fetches, 'fetch(locate($1))')}`);
} else if (mode === 'types') {
  let types = readFileSync(file, 'utf8');
  types = types.replace(/\/\*\*\n \* The `ReadableStreamType` enum\.[\s\S]*?export type ReadableStreamType = "bytes";\n/, '');
  types = types.replace(/export class IntoUnderlying\w+ \{[\s\S]*?\n\}\n\n/g, '');
  types = types.replace(
    /export interface InitOutput \{[\s\S]*?\n\}\n/,
    '/** The instantiated module. Its exports are the widget\'s internals (their names are minified). */\nexport interface InitOutput {}\n',
  );
  const init = /\/\*\*\n \* If `module_or_path` is[\s\S]*?\nexport default function __wbg_init \(.*\): Promise<InitOutput>;\n/;
  if (!init.test(types)) fail(`no init() declaration found in ${file}: has wasm-bindgen's changed?`);
  types = types.replace(init, INIT_TYPES);
  if (/IntoUnderlying|ReadableStreamType|__wbindgen_malloc/.test(types)) fail(`internals left in ${file}`);
  writeFileSync(file, types);
} else {
  fail('usage: node scripts/package-api.mjs entry GLUE.js | loader __wasm_split.js | types STEM.d.ts');
}
