// The widget's texts as the e2e tests look for them: read from locales/ (so a changed wording
// cannot slip by), in their plural forms, and as whole-text RegExps with their placeholders
// filled.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

/** locales/<name>.json, e.g. `catalog('de')` or `catalog('email/en')`. */
export const catalog = (name) => JSON.parse(readFileSync(path.join(ROOT, 'locales', `${name}.json`), 'utf8'));

/** A message's form for count `n` in `tag` (a plain string has one form). */
export function form(message, tag, n = 1) {
  if (typeof message === 'string') return message;
  return message[new Intl.PluralRules(tag).select(n)] ?? message.other;
}

export const escape = (text) => text.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&');

/** A RegExp matching `text` whole: each placeholder filled from `values`, the value perhaps in
 *  a bidi isolate (U+2068 … U+2069: right-to-left languages keep "PO-10421" reading left to
 *  right), or any text where `values` has none. */
export const named = (text, values = {}) => new RegExp(`^${text.split(/(\{\w+\})/).map((part, i) => {
  if (i % 2 === 0) return escape(part);
  const value = values[part.slice(1, -1)];
  return value === undefined ? '.+?' : `\u2068?${escape(String(value))}\u2069?`;
}).join('')}$`);
