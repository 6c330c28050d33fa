/**
 * Says what a config value is, for "expected …, got …" messages: `a list`,
 * `a table`, `a date`, `the string "…"` (first 40 characters), `number 3`.
 *
 * @example
 * ```ts
 * describeValue("yes"); // 'the string "yes"'
 * ```
 */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null || value === undefined) return "nothing";
  if (value instanceof Date) return "a date";
  if (typeof value === "object") return "a table";
  if (typeof value === "string") return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value} ${String(value)}`;
}
