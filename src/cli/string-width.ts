/**
 * The bundle's string-width (scripts/bundle.ts resolves yargs', cliui's and wrap-ansi's imports of
 * the package here): text of printable ASCII is as wide as it is long, and everything else goes to
 * the real package, which is read on first use. string-width builds an Intl.Segmenter and Unicode
 * property regular expressions (\p{RGI_Emoji} alone ~11 ms) when it is loaded, and yargs loads two
 * copies: ~25 ms of every start-up, `--help` and the first request alike, for help text that is
 * all ASCII. esbuild gives a required ES module a lazy initializer, so `require` defers the cost
 * to the first non-ASCII string. Never imported by unbundled code (dist/src has no alias).
 */
type StringWidth = (text: string, options?: object) => number;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
let full: StringWidth | null = null;

export default function stringWidth(text: string, options?: object): number {
  if (typeof text === 'string' && PRINTABLE_ASCII.test(text)) return text.length;
  full ??= (require('string-width') as { default: StringWidth }).default;
  return full(text, options);
}
