/**
 * escapeHtml and scriptJson make text safe for the two places the HTML report puts it: element
 * content / attribute values, and a `<script type="application/json">` block.
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
 * inlineScript makes code (uPlot's bundle, the chart script) safe inside a `<script>` element;
 * `<\/script` means the same in a JavaScript string or regex and does not end the element.
 */
export function inlineScript(code: string): string {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
