// Shortens the names the main module and its JS glue share. wasm-bindgen names every import
// `__wbg_<method>_<16 hex digits>` and every exported closure shim by its mangled Rust path;
// both sides carry each name, and the hashes do not compress. Binaryen's
// `--minify-imports-and-exports-and-modules` renames them in the wasm (every import moves to
// module "a") and prints the mapping, which this script applies to the JS:
//   node scripts/minify-wasm-names.mjs MAP.json GLUE.js SPLIT_LOADER.js
// It changes exactly the places wasm-bindgen 0.2.130 and wasm-split-cli 0.2.4 write names to
// (the keys of each module's import object, `wasm.<export>`, the split loader's destructuring
// of the main module's exports) and stops the build if one of them still holds an old name
// or is not where it should be, so another version's glue fails here instead of in the
// browser. Used by build_split_wasm (scripts/env.sh).
import { readFileSync, writeFileSync } from 'node:fs';

const [mapFile, glueFile, loaderFile] = process.argv.slice(2);
if (!loaderFile) {
  console.error('usage: node scripts/minify-wasm-names.mjs MAP.json GLUE.js SPLIT_LOADER.js');
  process.exit(2);
}
const fail = (why) => {
  console.error(`minify-wasm-names: ${why}`);
  process.exit(1);
};
const map = JSON.parse(readFileSync(mapFile, 'utf8'));
const escape = (s) => s.replace(/[$]/g, '\\$');
const MODULE = 'a';

let glue = readFileSync(glueFile, 'utf8');
let loader = readFileSync(loaderFile, 'utf8');

// Imports: each module's functions come from one object literal in the glue; rename its keys,
// then serve them all as module "a".
const modules = new Map(); // module -> the glue's expression for its object
const moduleEntry = /^\s*"([^"]+)": (import\d+),$/gm;
for (const [, name, variable] of glue.matchAll(moduleEntry)) modules.set(name, variable);
if (modules.size === 0) fail(`no import object in ${glueFile}`);
const moved = [];
for (const [module, name, short] of map.imports) {
  const variable = modules.get(module);
  if (!variable) fail(`the wasm imports from "${module}", which the glue does not provide`);
  // Only inside that module's own object literal, `const importN = { … };`.
  const start = glue.indexOf(`const ${variable} = {`);
  const end = start < 0 ? -1 : glue.indexOf('\n    };', start);
  const key = new RegExp(`^(\\s*)${escape(name)}(: )`, 'm');
  if (end > start && key.test(glue.slice(start, end))) {
    const block = glue.slice(start, end).replace(key, (_, indent, colon) => `${indent}${short}${colon}`);
    glue = glue.slice(0, start) + block + glue.slice(end);
  } else if (start >= 0) {
    fail(`import ${module} ${name} is not a key of ${variable}`);
  } else {
    // A module the glue imports whole (e.g. the split loader): pick its function by name.
    moved.push(`${short}: ${variable}.${name}`);
  }
}
const spread = [...new Set(modules.values())].filter((v) => glue.includes(`const ${v} = {`)).map((v) => `...${v}`);
const entries = [...glue.matchAll(moduleEntry)].map((m) => m[0]);
glue = glue.replace(entries.join('\n'), () => `        "${MODULE}": { ${[...spread, ...moved].join(', ')} },`);
if (glue.includes(entries[0])) fail('could not replace the import modules');

// Exports: the glue reads them as `wasm.<name>`; the split loader destructures three of them.
for (const [name, short] of map.exports) {
  glue = glue.replace(new RegExp(`(?<=\\bwasm\\.)${escape(name)}(?![\\w$])`, 'g'), () => short);
}
const destructure = /const \{ ([\w$, ]+) \} = initSync\(/;
const found = loader.match(destructure);
if (!found) fail(`no destructuring of initSync() in ${loaderFile}`);
const renamed = new Map(map.exports);
const parts = found[1].split(',').map((s) => s.trim()).filter(Boolean).map((name) => {
  if (!renamed.has(name)) fail(`the split loader reads export "${name}", which the wasm does not have`);
  return `${renamed.get(name)}: ${name}`;
});
loader = loader.replace(destructure, () => `const { ${parts.join(', ')} } = initSync(`);
if (!loader.includes(`const { ${parts.join(', ')} } = initSync(`)) fail(`the split loader was not rewritten`);

// Nothing may still use an old name.
for (const [module, name] of map.imports) {
  if (new RegExp(`^\\s*${escape(name)}: `, 'm').test(glue)) fail(`import ${module} ${name} not renamed`);
}
for (const [name] of map.exports) {
  if (new RegExp(`\\bwasm\\.${escape(name)}(?![\\w$])`).test(glue)) fail(`export ${name} not renamed`);
}
for (const module of modules.keys()) {
  if (glue.includes(`"${module}": import`)) fail(`module ${module} still in the import object`);
}
writeFileSync(glueFile, glue);
writeFileSync(loaderFile, loader);
console.log(`minify-wasm-names: ${map.imports.length} imports, ${map.exports.length} exports renamed`);
