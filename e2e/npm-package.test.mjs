// The npm package with every bundler the README's table names: `npm pack` of dist-embed/
// (scripts/build-embed.sh) installed from the tarball into one fresh app in a temporary folder
// (offline: the package has no dependencies), then built for production by Vite, webpack 5,
// Rollup 4 and esbuild at once (all pinned in .tools/ by scripts/setup.sh), each with exactly
// the config lines or the copy step the table gives. Each build is served as plain static files
// on its own origin and opened in Chromium against the real server: a shopper goes from the
// list to the order's details (the lazily loaded chunk), the dialog and the result, and the
// server has recorded the cancellation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ROOT, DEMO_TOKEN, freePort, startServer, serveDist, launchBrowser, screenshot, watchPage, cancelThroughEveryScreen, serverItem,
} from './harness.mjs';

const run = promisify(execFile);
const PACKAGE_DIR = path.join(ROOT, 'dist-embed');
const TOOLS = path.join(ROOT, '.tools', 'node_modules');
const PATH = `${path.join(TOOLS, '.bin')}${path.delimiter}${process.env.PATH}`;

// The app's entry, what a developer writes after `npm install order-cancel-widget`. The
// backend differs per server, so each build reads it from the page's query (one app, built
// once per bundler, not once per URL).
const MAIN_JS = `import init, { mount } from 'order-cancel-widget';
await init();
window.widget = mount(document.getElementById('orders'), {
  backendUrl: new URLSearchParams(location.search).get('api'),
  token: async () => ${JSON.stringify(DEMO_TOKEN)},
  locale: 'en',
});
document.addEventListener('order-cancel:completed', (e) => document.title = 'completed ' + e.detail.orderNumber);
`;
const page = (script) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Storefront</title>
<link rel="icon" href="data:,">${script}</head>
<body><h1>My account</h1><div id="orders"></div></body></html>`;

// The README's table, row by row (the last test checks that both READMEs show these lines):
// the build command, and the page that loads its output. `dist` stands for each build's folder.
const ROLLUP_CONFIG = `import { nodeResolve } from '@rollup/plugin-node-resolve';
import { importMetaAssets } from '@web/rollup-plugin-import-meta-assets';

export default {
  input: 'src/main.js',
  output: { dir: 'dist', format: 'es' },
  plugins: [nodeResolve(), importMetaAssets()],
};
`;
const WEBPACK = 'webpack --mode production --entry ./src/main.js';
const ESBUILD = 'esbuild src/main.js --bundle --format=esm --minify --outdir=dist && cp node_modules/order-cancel-widget/*.wasm node_modules/order-cancel-widget/locale-*.json dist/';
const inFolder = (line, out) => line.replaceAll("'dist'", `'${out}'`).replaceAll('=dist', `=${out}`).replaceAll(' dist/', ` ${out}/`);
const shell = (line) => ['sh', ['-c', line]]; // with .tools/node_modules/.bin on PATH (below)
const BUNDLERS = {
  // No config: Vite copies the .wasm files it finds as `new URL('…', import.meta.url)`.
  vite: { out: 'dist-vite', build: shell('vite build --logLevel warn --outDir dist-vite') },
  // No config either: webpack 5 emits them as assets with hashed names.
  webpack: {
    out: 'dist-webpack',
    build: shell(`${WEBPACK} --output-path dist-webpack`),
    page: page('<script defer src="main.js"></script>'),
  },
  rollup: { out: 'dist-rollup', build: shell('rollup --config rollup.config.mjs'), page: page('<script type="module" src="main.js"></script>') },
  // esbuild leaves `new URL('…', import.meta.url)` alone: the copy step puts the files there.
  esbuild: { out: 'dist-esbuild', build: shell(inFolder(ESBUILD, 'dist-esbuild')), page: page('<script type="module" src="main.js"></script>') },
};

let tmp, browser;
const sites = {}; // bundler -> { server, site }
const timings = [];

before(async () => {
  const t0 = Date.now();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'order-cancel-bundlers-'));
  const names = Object.keys(BUNDLERS);
  // One server per build (each cancels the same item), and the origin each build is served on.
  const ports = await Promise.all(names.map(() => freePort()));
  const servers = Promise.all(names.map((_, i) => startServer({ preset: 'temu', allowOrigin: `http://127.0.0.1:${ports[i]}` })));

  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: PACKAGE_DIR });
  const [{ filename }] = JSON.parse(stdout);
  const app = path.join(tmp, 'app');
  await mkdir(path.join(app, 'src'), { recursive: true });
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'storefront-app', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(tmp, filename)], { cwd: app });
  // The Rollup config imports its plugins from the app's node_modules, where an app has them.
  for (const plugin of ['@rollup/plugin-node-resolve', '@web/rollup-plugin-import-meta-assets']) {
    await mkdir(path.dirname(path.join(app, 'node_modules', plugin)), { recursive: true });
    await symlink(path.join(TOOLS, plugin), path.join(app, 'node_modules', plugin), 'dir');
  }
  await writeFile(path.join(app, 'rollup.config.mjs'), inFolder(ROLLUP_CONFIG, 'dist-rollup'));
  await writeFile(path.join(app, 'index.html'), page('<script type="module" src="/src/main.js"></script>'));
  await writeFile(path.join(app, 'src', 'main.js'), MAIN_JS);
  timings.push(`app from the tarball: ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // The four production builds at once. On 2 cores that is about even with one after another
  // (measured: ~7.5 s against ~6.5 s on an idle machine, ~8 s against 9-10 s on a busy one);
  // webpack, single-threaded, takes longest and sets the pace.
  const t1 = Date.now();
  await Promise.all(names.map(async (name) => {
    const { out, build: [cmd, args], page: html } = BUNDLERS[name];
    const t = Date.now();
    await run(cmd, args, { cwd: app, env: { ...process.env, PATH } }).catch((e) => {
      throw new Error(`${name} build failed: ${e.message}\n${e.stdout}\n${e.stderr}`);
    });
    if (html) await writeFile(path.join(app, out, 'index.html'), html);
    timings.push(`${name} build: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }));
  timings.push(`four builds in parallel: ${((Date.now() - t1) / 1000).toFixed(1)} s`);

  const started = await servers;
  await Promise.all(names.map(async (name, i) => {
    const site = await serveDist({ root: path.join(app, BUNDLERS[name].out), port: ports[i] });
    sites[name] = { server: started[i], site };
  }));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const { site, server } of Object.values(sites)) {
    await site?.stop();
    await server?.stop();
  }
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('the package declares its entry points, types and files', async (t) => {
  for (const line of timings) t.diagnostic(line);
  const pkg = JSON.parse(await readFile(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'order-cancel-widget');
  assert.equal(pkg.type, 'module');
  assert.deepEqual(pkg.exports['.'], { types: './order_cancel_widget.d.ts', default: './order_cancel_widget.js' });
  assert.equal(pkg.sideEffects, false);
  const types = await readFile(path.join(PACKAGE_DIR, pkg.types), 'utf8');
  assert.match(types, /export function mount\(/);
  assert.match(types, /export interface WidgetConfig/);
  assert.match(types, /assetsUrl\?: string \| URL/);
});

/** Every .wasm file in `dir` and below. */
async function wasmFiles(dir) {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((f) => f.endsWith('.wasm'));
}

for (const name of Object.keys(BUNDLERS)) {
  test(`${name}: the build ships every wasm file; a shopper cancels an item through it; the server has it`, async () => {
    const { server, site } = sites[name];
    const shipped = (await readdir(PACKAGE_DIR)).filter((f) => f.endsWith('.wasm'));
    const built = await wasmFiles(path.join(tmp, 'app', BUNDLERS[name].out));
    assert.equal(built.length, shipped.length, `${name} output: ${built.join(', ')}`);

    const tab = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    const { errors } = watchPage(tab);
    const wasm = [];
    tab.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(r.url()));
    await tab.goto(`${site.url}?api=${encodeURIComponent(server.url)}`);
    await cancelThroughEveryScreen(tab.locator('#orders'), 'Bamboo cutting board');
    await tab.waitForFunction(() => document.title === 'completed PO-10419');
    await screenshot(tab, `npm-package-${name}`);

    // Both files came from the build's own folder: the main module, then the details' chunk.
    assert.equal(new Set(wasm).size, 2, `the main module and the chunk: ${wasm.join(', ')}`);
    for (const url of wasm) {
      assert.ok(built.includes(decodeURIComponent(url.slice(site.url.length))), `${url} is a file of the ${name} build`);
    }
    assert.equal((await serverItem(server, 'PO-10419', 'Bamboo cutting board')).state, 'cancelled');
    assert.equal((await serverItem(server, 'PO-10419', 'Beeswax food wraps')).state, 'paid', 'the other item is untouched');
    assert.deepEqual(errors, [], 'no errors on the page');
    await tab.close();
  });
}

test("both READMEs show the lines these builds run", async () => {
  for (const file of ['README.md', path.join('npm', 'README.md')]) {
    const readme = await readFile(path.join(ROOT, file), 'utf8');
    for (const line of [WEBPACK, ESBUILD, ...ROLLUP_CONFIG.split('\n').filter((l) => /import|plugins/.test(l))]) {
      assert.ok(readme.includes(line.trim()), `${file} shows: ${line}`);
    }
  }
});
