/**
 * escapeHtml and scriptJson make text safe for the two places the HTML report puts it: element
 * content / attribute values, and a `<script type="application/json">` block; inlineScript and
 * inlineStyle check that code can be inlined unchanged.
 */

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** escapeHtml escapes text for element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);
}

/**
 * scriptJson serialises a value for a `<script type="application/json">` block. The HTML parser
 * ends a script at the first `</script` whatever the type, and `<!--` changes how it scans, so
 * every `<` (and `>`, `&` for good measure) is written as a JSON \u escape: JSON.parse reads the
 * same string back, and no target name or error text can close the block.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * inlineScript checks that code (uPlot's bundle, the chart script) can sit inside a `<script>`
 * element as is. The HTML parser would end the element at `</script`, and `<!--` with `<script`
 * changes how it scans; rewriting them is safe only inside string literals, which a bundle
 * does not promise, so such code is refused rather than altered.
 */
export function inlineScript(code: string): string {
  const bad = /<\/script|<!--|<script/i.exec(code);
  if (bad !== null) throw new Error(`cannot inline a script containing "${bad[0]}"`);
  return code;
}

/** inlineStyle does the same for a stylesheet in a `<style>` element. */
export function inlineStyle(css: string): string {
  if (/<\/style/i.test(css)) throw new Error('cannot inline a stylesheet containing "</style"');
  return css;
}
