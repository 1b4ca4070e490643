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
//   node scripts/package-api.mjs catalogs OUT locales/*.json   writes each catalog minified in
//                                                        two parts, OUT/locale-<hash>-<tag>.json
//                                                        (the first screen's keys) and
//                                                        …-<tag>.details.json, their list as
//                                                        OUT/catalogs.js (which OUT/init.js
//                                                        reads too), and points the
//                                                        widget's catalog fetch at that list
// Used by scripts/build-embed.sh.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
} else if (mode === 'catalogs') {
  // `file` is the output folder here; the catalogs follow it. Each is cut in two by where its
  // keys are used: a key whose text is in the main module's data (a literal of the first
  // screen's code) or in init.js (what a page shows when the .wasm cannot load: it fetches
  // the first part itself) goes in the first part, the rest (the details' keys, the reasons'
  // labels) in the part fetched with the details' chunk. The catalogs themselves are whole files.
  // They go beside the .wasm files (where init({ assetsUrl }) finds them too), named by a hash
  // of all of them, so a host may cache them for good; one hash for all keeps the module's
  // list of them small (it repeats).
  const main = Buffer.concat([
    readFileSync(path.join(file, 'order_cancel_widget_bg.wasm')),
    readFileSync(path.join(file, 'init.js')),
  ]);
  const files = process.argv.slice(4).flatMap((source) => {
    const tag = path.basename(source, '.json');
    const parts = [{}, {}];
    for (const [key, message] of Object.entries(JSON.parse(readFileSync(source, 'utf8')))) {
      parts[main.includes(Buffer.from(key)) ? 0 : 1][key] = message;
    }
    return [[`${tag}.json`, JSON.stringify(parts[0])], [`${tag}.details.json`, JSON.stringify(parts[1])]];
  });
  if (!files.length) fail('no catalogs given');
  const hash = createHash('sha256');
  for (const [name, text] of files) hash.update(`${name}\n${text}\n`);
  const prefix = `locale-${hash.digest('hex').slice(0, 8)}-`;
  for (const [name, text] of files) writeFileSync(path.join(file, prefix + name), text);
  const url = (name) => `new URL("./${prefix}${name}", import.meta.url)`;
  const lines = [];
  for (let i = 0; i < files.length; i += 2) {
    const tag = files[i][0].slice(0, -'.json'.length);
    lines.push(`  ${JSON.stringify(tag)}: [${url(files[i][0])}, ${url(files[i + 1][0])}],`);
  }
  writeFileSync(path.join(file, 'catalogs.js'), `export const catalogs = {\n${lines.join('\n')}\n};\n`);
  // wasm-bindgen's copy of src/api/catalog.rs's snippet: its `url` (the demo's whole files)
  // becomes the first parts' list; its `keep` remembers each catalog, whose details' part
  // `details()` merges into it (`whole` runs what waits for that: the check of a host's text
  // for a key of the details). The chunk loader awaits that with the details' chunk, so the
  // details show in words or not at all; a catalog fetched after the chunk (another widget
  // on the page) gets its details' part at once.
  const snippets = path.join(file, 'snippets');
  const found = readdirSync(snippets, { recursive: true })
    .map((name) => path.join(snippets, name))
    .filter((name) => name.endsWith('.js') && /export async function fetch_catalog\(/.test(readFileSync(name, 'utf8')));
  if (found.length !== 1) fail(`expected one snippet with fetch_catalog in ${snippets}, found ${found.length}`);
  const snippet = readFileSync(found[0], 'utf8');
  const demo = /^const url = .*\nconst keep = .*\nconst whole = .*$/m;
  if (!demo.test(snippet)) fail(`no "const url = …", "const keep = …" and "const whole = …" lines in ${found[0]}: has src/api/catalog.rs changed?`);
  const up = path.relative(path.dirname(found[0]), file);
  writeFileSync(found[0], snippet.replace(demo, `import { locate } from "${up}/init.js";
import { catalogs } from "${up}/catalogs.js";
const url = (tag) => locate(catalogs[tag][0]);
const kept = new Map();
const merged = new WeakSet();
let chunk = false;
const waiting = new Map();
const merge = async (tag, catalog) => {
  if (!merged.has(catalog)) Object.assign(catalog, await load(locate(catalogs[tag][1])));
  merged.add(catalog);
  for (const then of waiting.get(catalog) ?? []) then();
  waiting.delete(catalog);
};
const whole = (catalog, then) => (merged.has(catalog) ? then() : waiting.set(catalog, [...(waiting.get(catalog) ?? []), then]));
const keep = async (tag, catalog) => {
  kept.set(tag, catalog);
  if (chunk) await merge(tag, catalog);
  return catalog;
};
export const details = () => ((chunk = true), Promise.all([...kept].map(([tag, catalog]) => merge(tag, catalog))));`));
  const loaderFile = path.join(file, '__wasm_split.js');
  const loader = readFileSync(loaderFile, 'utf8');
  const chunkFetch = /fetch\(locate\((new URL\("[^"]+\.wasm", import\.meta\.url\))\)\)/g;
  if (!chunkFetch.test(loader)) fail(`no chunk fetch in ${loaderFile}: run the loader mode first`);
  const fromLoader = `./${path.relative(file, found[0]).split(path.sep).join('/')}`;
  writeFileSync(loaderFile, `import { details } from "${fromLoader}";\n${loader.replace(chunkFetch,
    'Promise.all([fetch(locate($1)), details()]).then(([response]) => response)')}`);
} else {
  fail('usage: node scripts/package-api.mjs entry GLUE.js | loader __wasm_split.js | types STEM.d.ts | catalogs OUT locales/*.json');
}
