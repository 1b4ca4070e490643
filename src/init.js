// The module's default export, `init()`: loads the widget's WebAssembly and, when it cannot,
// says why twice: to the developer as the Error that init() rejects with (the URL, the status
// or cause, the usual fix), and to the shopper in place of every <order-cancel-widget> on the
// page, with a retry. Plain JS, bundled with wasm-bindgen's glue by scripts/build-embed.sh, so
// it runs when the wasm does not.
import wasmInit from './order_cancel_widget.js';
import { catalogs } from './catalogs.js';

const TAG = 'order-cancel-widget';
/** The folder named by init({ assetsUrl }), for the main module and every chunk. */
let assets;
let pending;

/** Where a file of the package is fetched from: as the module found it, or from `assets`. */
export const locate = (url) =>
  assets ? new URL(new URL(url, location.href).pathname.split('/').pop(), assets) : url;

export default function init(options) {
  pending ??= load(options).catch((error) => {
    pending = undefined; // a retry fetches again
    throw error;
  });
  return pending;
}

async function load(options) {
  // wasm-bindgen's own forms still work: a path, a Response, bytes, or { module_or_path }.
  if (options == null) options = {};
  else if (Object.getPrototypeOf(options) !== Object.prototype) options = { module_or_path: options };
  if (options.assetsUrl) assets = new URL(String(options.assetsUrl).replace(/\/?$/, '/'), document.baseURI);
  // Bundlers find the file by this literal `new URL('…', import.meta.url)` (the glue has it too).
  let source = options.module_or_path ?? locate(new URL('order_cancel_widget_bg.wasm', import.meta.url));
  const url = typeof source === 'string' || source instanceof URL ? new URL(source, document.baseURI).href : '';
  const violations = [];
  const seen = (event) => violations.push(event);
  document.addEventListener('securitypolicyviolation', seen);
  let response;
  try {
    if (url) {
      response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      source = response;
    }
    return (loaded = await wasmInit({ module_or_path: source }));
  } catch (cause) {
    await new Promise((r) => setTimeout(r)); // the browser reports a CSP violation a task later
    showFallback(options);
    throw new Error(`${TAG}: could not load ${url || 'its WebAssembly'}: ${why(cause, url, response, violations)}`, { cause });
  } finally {
    document.removeEventListener('securitypolicyviolation', seen);
  }
}

const MISPLACED =
  "the file is not where the module looks for it. With esbuild, copy the package's .wasm files beside your bundle; " +
  'with Rollup, add @web/rollup-plugin-import-meta-assets; or pass init({ assetsUrl }) with the folder that holds them';

/** The cause, in words, and the usual fix. */
function why(cause, url, response, violations) {
  const csp = violations.find((v) => v.blockedURI === url || v.blockedURI === 'wasm-eval');
  if (csp?.effectiveDirective === 'connect-src') {
    return `the page's Content-Security-Policy blocked it: add ${new URL(url).origin} to connect-src`;
  }
  if (csp || /Content.Security.Policy|unsafe-eval/i.test(cause.message)) {
    return "the page's Content-Security-Policy does not let it compile: add 'wasm-unsafe-eval' to script-src";
  }
  if (!response) {
    if (!url) return cause.message;
    if (!navigator.onLine) return 'the browser is offline';
    if (new URL(url).origin !== location.origin) {
      return `no readable answer from ${new URL(url).origin}: a server on another origin (a CDN) must send ` +
        `Access-Control-Allow-Origin for it; or the network failed (${cause.message})`;
    }
    return `the network failed (${cause.message})`;
  }
  const status = `${response.status} ${response.statusText}`.trim();
  if (!response.ok) return response.status === 404 ? `${status}: ${MISPLACED}` : `the server answered ${status}`;
  const type = response.headers.get('content-type') || 'none';
  if (!type.startsWith('application/wasm')) {
    return `the server answered ${status} with Content-Type ${type}, not a WebAssembly module ` +
      `(serve .wasm as application/wasm; an HTML page here usually means ${MISPLACED})`;
  }
  // E.g. a CDN or a cache that serves the .wasm of another version than the module's.
  return cause instanceof WebAssembly.LinkError ? `${cause.message} (the .wasm and the module must come from one build)` : cause.message;
}

// The shopper's words come from the catalog of the language the widget would speak (fetched
// from beside the .wasm; the module lists the files), English only when that cannot be had
// either. Written as JSON: tests/catalog_keys.rs checks these keys and texts against en.json.
const ENGLISH = {"error.widget": "The order list could not be loaded. Try again later.", "error.try_again": "Try again", "list.loading": "Loading your orders…"};
const TAGS = Object.keys(catalogs);
/** A catalog's tag for `tag`: its own, else its language's (`pt-PT` → `pt-BR`). */
const available = (tag) => {
  tag = String(tag).toLowerCase();
  return TAGS.find((t) => t.toLowerCase() == tag) ?? TAGS.find((t) => t.split('-')[0] == tag.split('-')[0]);
};
/** The element's language, chosen as the widget chooses it (src/i18n): its `locale`, or for
 * `auto` the browser's first language with a catalog, then the store's `defaultLocale`. */
function language(host) {
  const locale = host.getAttribute('locale') ?? host.config?.locale;
  const wanted = !locale || locale == 'auto' ? navigator.languages : [locale];
  const store = host.config?.defaultLocale ?? host.getAttribute('default-locale');
  return [...wanted, store].map(available).find(Boolean) ?? 'en';
}
const fetched = {};
/** `[tag, texts]`: the first part of `tag`'s catalog, or English's words (also when the file
 * server has not answered within 3 s: the shopper is not kept waiting for a better language). */
const words = (tag) =>
  (fetched[tag] ??= fetch(locate(catalogs[tag][0]), { signal: AbortSignal.timeout(3000) })
    .then((response) => response.json())
    .then((texts) => [tag, texts], () => ['en', ENGLISH]));
let loaded;
// A constructed stylesheet: a strict `style-src` allows it, as it does the widget's own.
const CSS = `:host{all:initial;display:block}div{font:15px/1.45 system-ui,sans-serif;color:#1c1f23;background:#f6f7f9;border:1px solid #dde1e6;border-radius:10px;padding:14px 16px}p{margin:0 0 10px}button{font:inherit;min-height:40px;padding:8px 14px;border-radius:10px;border:1px solid #dde1e6;background:#fff;color:inherit;cursor:pointer}`;
let sheet;

/** The shopper's message in each widget's place (built with the DOM: no innerHTML). */
function showFallback(options) {
  if (!sheet) (sheet = new CSSStyleSheet()).replaceSync(CSS);
  for (const host of document.querySelectorAll(TAG)) {
    words(language(host)).then(([lang, texts]) => {
      if (loaded) return; // a later try loaded the widget meanwhile
      const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
      root.adoptedStyleSheets = [sheet];
      // After a failed retry the same button stays (and keeps the focus).
      let button = root.querySelector('button');
      if (!button) {
        const box = document.createElement('div');
        box.setAttribute('role', 'alert');
        box.lang = lang;
        box.dir = /^(ar|he|fa|ur)\b/.test(lang) ? 'rtl' : 'ltr';
        const text = document.createElement('p');
        text.textContent = texts['error.widget'];
        button = document.createElement('button');
        button.type = 'button';
        button.onclick = () => {
          if (button.getAttribute('aria-disabled')) return;
          button.setAttribute('aria-disabled', 'true');
          button.textContent = texts['list.loading'];
          init(options).catch(() => {});
        };
        box.append(text, button);
        root.replaceChildren(box);
      }
      button.removeAttribute('aria-disabled');
      button.textContent = texts['error.try_again'];
    });
  }
}
