import type { ConfigDeclaration, ConfigKey, ConfigType, PluginContext } from "@mimolo/sdk";
import { pluginConfigValues, valueProblem } from "../config/plugin_config.ts";
import { STANDARD_PLUGIN_KEYS } from "../config/standard_keys.ts";
import { PluginLoadError } from "../errors.ts";

const TYPES: readonly ConfigType[] = [
  "string",
  "boolean",
  "number",
  "integer",
  "path",
  "string[]",
  "path[]",
];
const FIELDS = new Set(["type", "description", "default", "choices", "min", "max"]);
/** A key a TOML user can write bare: `watch_dirs`, `max-depth`. */
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Checks a plugin's `static config` (as copied out of its worker) and
 * returns it, or `null` when the plugin declares nothing. A declaration
 * that cannot be used is a {@linkcode PluginLoadError} naming the file, the
 * plugin and the key, like an invalid spec.
 *
 * @example
 * ```ts
 * resolveConfigDeclaration({ depth: { type: "integer", default: 1, description: "How deep." } }, "p.ts", "p", []);
 * ```
 */
export function resolveConfigDeclaration(
  raw: unknown,
  file: string,
  label: string,
  standardKeys: Iterable<string>,
): ConfigDeclaration | null {
  if (raw === undefined || raw === null) return null;
  const fail = (where: string, what: string): never => {
    throw new PluginLoadError(`${file}: plugin ${label}: config${where} ${what}`);
  };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return fail("", "must be a table of { type, description, default? } by key");
  }
  const standard = new Set(standardKeys);
  const out: Record<string, ConfigKey> = {};
  for (const [key, entry] of Object.entries(raw)) {
    const at = `.${key}`;
    if (!KEY.test(key)) fail("", `key ${JSON.stringify(key)} must be letters, digits, _ and -`);
    if (standard.has(key)) fail(at, "is a standard key of every plugin section; pick another name");
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      fail(at, "must be a table: { type, description, default? }");
    }
    const e = entry as Record<string, unknown>;
    for (const field of Object.keys(e)) {
      if (!FIELDS.has(field)) {
        fail(`${at}.${field}`, `is not a field (fields: ${[...FIELDS].join(", ")})`);
      }
    }
    if (!TYPES.includes(e.type as ConfigType)) {
      fail(`${at}.type`, `must be one of ${TYPES.join(", ")}, got ${JSON.stringify(e.type)}`);
    }
    if (
      typeof e.description !== "string" || e.description.trim() === "" ||
      /[\r\n]/.test(e.description)
    ) {
      fail(`${at}.description`, "must be one non-empty line");
    }
    checkConstraints(e, at, fail);
    if (e.default !== undefined) {
      const problem = valueProblem(e as unknown as ConfigKey, e.default);
      if (problem) {
        fail(`${at}.default${problem.at}`, problem.message.replace(/^expected/, "must be"));
      }
    }
    out[key] = e as unknown as ConfigKey;
  }
  return out;
}

function checkConstraints(
  e: Record<string, unknown>,
  at: string,
  fail: (where: string, what: string) => never,
): void {
  if (e.choices !== undefined) {
    if (e.type !== "string") fail(`${at}.choices`, `is only for type "string"`);
    const choices = e.choices;
    if (
      !Array.isArray(choices) || choices.length === 0 || choices.some((c) => typeof c !== "string")
    ) {
      fail(`${at}.choices`, "must be a non-empty list of strings");
    }
  }
  for (const bound of ["min", "max"] as const) {
    if (e[bound] === undefined) continue;
    if (e.type !== "number" && e.type !== "integer") {
      fail(`${at}.${bound}`, `is only for types "number" and "integer"`);
    }
    if (typeof e[bound] !== "number" || !Number.isFinite(e[bound])) {
      fail(`${at}.${bound}`, "must be a finite number");
    }
  }
  if (typeof e.min === "number" && typeof e.max === "number" && e.min > e.max) {
    fail(`${at}.min`, `must not be above max (${e.max})`);
  }
}

/**
 * The config a plugin class gets from `custom` (a section's custom keys) in
 * `context`, exactly as the monitor would build it: checked against the
 * class's declaration, defaults filled in, paths absolute; passed through
 * when the class declares nothing. For constructing a plugin outside the
 * monitor (tests, benchmarks); errors are those of the monitor, with the
 * file shown as `<direct>`.
 *
 * @example
 * ```ts
 * new ExampleMonitor(configFor(ExampleMonitor, { item_count: 2 }, context), context);
 * ```
 */
export function configFor(
  cls: { readonly spec: { label: string }; readonly config?: unknown },
  custom: Readonly<Record<string, unknown>>,
  context: PluginContext,
): Record<string, unknown> {
  const label = cls.spec.label;
  const declaration = resolveConfigDeclaration(cls.config, "<direct>", label, STANDARD_PLUGIN_KEYS);
  if (declaration === null) return { ...custom };
  return pluginConfigValues(declaration, custom, {
    file: "<direct>",
    label,
    baseDir: context.configDir,
    home: context.homeDir,
    otherKeys: STANDARD_PLUGIN_KEYS,
  });
}
