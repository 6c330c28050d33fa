/**
 * Text as XML character data (the LaunchAgent plist, the Windows task).
 *
 * @example
 * ```ts
 * escapeXml("a<b & c"); // "a&lt;b &amp; c"
 * ```
 */
export function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * Character data written by {@linkcode escapeXml} back as text.
 *
 * @example
 * ```ts
 * unescapeXml("a&lt;b &amp; c"); // "a<b & c"
 * ```
 */
export function unescapeXml(text: string): string {
  return text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}
