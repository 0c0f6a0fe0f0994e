import { createRequire } from 'node:module';
import type stringWidthOf from 'string-width';

const require = createRequire(import.meta.url);
let stringWidth: typeof stringWidthOf | undefined;

/**
 * The columns a text takes in a terminal (a Chinese character two, a Latin letter one), as string-width counts
 * them. Loaded on the first measurement, not at import: loading string-width builds an `Intl.Segmenter`, about
 * 10 ms of CPU that `evaluate --format json` or `csv` would pay at every run for a table it never lays out.
 * (A synchronous `require` of the ES module, which Node does since 20.19: the callers stay synchronous.)
 */
export function displayWidth(text: string): number {
  stringWidth ??= (require('string-width') as { default: typeof stringWidthOf }).default;
  return stringWidth(text);
}
