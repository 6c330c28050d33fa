import type { ConfigDeclaration, ConfigKey } from "@mimolo/sdk";
import { ConfigError } from "../errors.ts";
import { describeValue } from "./describe_value.ts";
import { resolveUserPath } from "./paths.ts";

/** Where a plugin's section is, for messages and for resolving its paths. */
export interface SectionPlace {
  /** The config file (`<defaults>` for the embedded defaults). */
  file: string;
  /** The plugin's label: the section is `[plugins.<label>]`. */
  label: string;
  /** The folder relative paths are resolved against. */
  baseDir: string;
  /** The home folder for `~` (the current user's when omitted). */
  home?: string | null;
  /** Every other key the section may hold (the standard ones), offered as suggestions too. */
  otherKeys?: Iterable<string>;
}

/**
 * What a declared key's value must be, in the words of the messages:
 * `true or false`, `a whole number >= 1`, `one of "auto", "scan"`.
 *
 * @example
 * ```ts
 * expectedValue({ type: "integer", min: 1, description: "" }); // "a whole number >= 1"
 * ```
 */
export function expectedValue(key: ConfigKey): string {
  const range = (what: string) => {
    const k = key as { min?: number; max?: number };
    if (k.min !== undefined && k.max !== undefined) return `${what} from ${k.min} to ${k.max}`;
    if (k.min !== undefined) return `${what} >= ${k.min}`;
    if (k.max !== undefined) return `${what} <= ${k.max}`;
    return what;
  };
  switch (key.type) {
    case "string":
      return key.choices
        ? `one of ${key.choices.map((c) => JSON.stringify(c)).join(", ")}`
        : "a string";
    case "boolean":
      return "true or false";
    case "number":
      return range("a finite number");
    case "integer":
      return range("a whole number");
    case "path":
      return "a path string";
    case "string[]":
      return "a list of strings";
    case "path[]":
      return "a list of path strings";
  }
}

/**
 * Why `value` does not fit the declared key, or `null` when it does: `at` is
 * `""` for the value itself or `"[i]"` for a list entry.
 *
 * @example
 * ```ts
 * valueProblem({ type: "boolean", description: "" }, "yes"); // { at: "", message: 'expected true or false, got the string "yes"' }
 * ```
 */
export function valueProblem(
  key: ConfigKey,
  value: unknown,
): { at: string; message: string } | null {
  const wrong = (at = "", got = value) => ({
    at,
    message: `expected ${expectedValue(key)}, got ${describeValue(got)}`,
  });
  switch (key.type) {
    case "string":
      if (typeof value !== "string") return wrong();
      return key.choices && !key.choices.includes(value) ? wrong() : null;
    case "boolean":
      return typeof value === "boolean" ? null : wrong();
    case "number":
    case "integer": {
      if (typeof value !== "number" || !Number.isFinite(value)) return wrong();
      if (key.type === "integer" && !Number.isInteger(value)) return wrong();
      const outside = (key.min !== undefined && value < key.min) ||
        (key.max !== undefined && value > key.max);
      return outside ? wrong() : null;
    }
    case "path":
      return typeof value === "string" && value !== "" ? null : wrong();
    case "string[]":
    case "path[]": {
      if (!Array.isArray(value)) return wrong();
      const paths = key.type === "path[]";
      const bad = value.findIndex((v) => typeof v !== "string" || (paths && v === ""));
      if (bad === -1) return null;
      const what = paths ? "a path string" : "a string";
      return { at: `[${bad}]`, message: `expected ${what}, got ${describeValue(value[bad])}` };
    }
  }
}

/**
 * A plugin's config values from its section's custom keys, checked against
 * its declaration: every declared key with a value (the section's or the
 * default), `path` values with `~` expanded and made absolute. An unknown
 * key or a value of the wrong type is a {@linkcode ConfigError} naming the
 * file, the section, the key and, for an unknown key, the closest declared
 * one.
 *
 * @example
 * ```ts
 * pluginConfigValues({ depth: { type: "integer", default: 1, description: "How deep." } }, {}, place);
 * // { depth: 1 }
 * ```
 */
export function pluginConfigValues(
  declaration: ConfigDeclaration,
  custom: Readonly<Record<string, unknown>>,
  place: SectionPlace,
): Record<string, unknown> {
  const section = `${place.file}: [plugins.${place.label}]`;
  for (const key of Object.keys(custom)) {
    if (Object.hasOwn(declaration, key)) continue;
    throw new ConfigError(
      `${section}: unknown key ${JSON.stringify(key)} (${
        suggestion(key, Object.keys(declaration), [...(place.otherKeys ?? [])], place.label)
      })`,
    );
  }
  const values: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(declaration)) {
    const given = Object.hasOwn(custom, key);
    const value = given ? custom[key] : structuredClone(spec.default);
    if (value === undefined) continue;
    const problem = valueProblem(spec, value);
    if (problem) throw new ConfigError(`${section}.${key}${problem.at}: ${problem.message}`);
    values[key] = resolvePaths(spec, value, place);
  }
  return values;
}

function resolvePaths(spec: ConfigKey, value: unknown, place: SectionPlace): unknown {
  const at = (p: string) => resolveUserPath(p, place.baseDir, place.home);
  if (spec.type === "path") return at(value as string);
  if (spec.type === "path[]") return (value as string[]).map(at);
  return value;
}

/** "did you mean …?" for a near miss; otherwise the closest declared key and where to see them all. */
function suggestion(key: string, declared: string[], others: string[], label: string): string {
  const near = closestKey(key, [...declared, ...others]);
  const distance = near === null ? Infinity : editDistance(key.toLowerCase(), near.toLowerCase());
  if (near !== null && distance <= Math.max(2, Math.floor(key.length / 3))) {
    return `did you mean ${JSON.stringify(near)}?`;
  }
  const closest = closestKey(key, declared);
  const list = `mimolo plugin config ${label} lists every key`;
  return closest === null
    ? `this plugin declares no keys of its own; ${list}`
    : `the closest declared key is ${JSON.stringify(closest)}; ${list}`;
}

/**
 * The candidate nearest to `key` by edit distance (case-insensitive), or
 * `null` when there is none.
 *
 * @example
 * ```ts
 * closestKey("watch_dir", ["extensions", "watch_dirs"]); // "watch_dirs"
 * ```
 */
export function closestKey(key: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
 *
 * @example
 * ```ts
 * editDistance("watch_dir", "watch_dirs"); // 1
 * ```
 */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
