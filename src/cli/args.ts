import { closestKey, editDistance } from "../config/plugin_config.ts";
import { UsageError } from "../errors.ts";

/** One option of a command. */
export interface OptionDef {
  /** `"boolean"`: a switch; `"string"`: takes a value (`--name VALUE` or `--name=VALUE`). */
  type: "boolean" | "string";
  /** One-letter alias, e.g. `"c"` for `-c`. */
  short?: string;
  /** For a string option: may be given several times (the values are collected). */
  multiple?: boolean;
  /** For a string option: what the value is, in messages (`FILE`, `S`); default `VALUE`. */
  value?: string;
}

/** The options of one command, by long name. */
export type OptionSpec = Readonly<Record<string, OptionDef>>;

type ValueOf<O extends OptionDef> = O["type"] extends "boolean" ? boolean
  : O extends { multiple: true } ? string[]
  : string;

/** What {@linkcode parseCommandArgs} returns: each option given, by long name. */
export type OptionValues<T extends OptionSpec> = { -readonly [K in keyof T]?: ValueOf<T[K]> };

/**
 * Parses a command's arguments strictly. Every mistake is a
 * {@linkcode UsageError} (exit 2) in MiMoLo's words: one line naming the
 * option, saying what is wrong and pointing at `mimolo <command> --help`.
 * `positionals` names the arguments the command takes (none by default);
 * after `--` every argument is positional.
 *
 * @example
 * ```ts
 * parseCommandArgs("monitor", ["--once"], { once: { type: "boolean" } }).values.once; // true
 * parseCommandArgs("plugin new", ["notes"], {}, ["NAME"]).positionals; // ["notes"]
 * ```
 */
export function parseCommandArgs<const T extends OptionSpec>(
  command: string,
  args: readonly string[],
  options: T,
  positionals: readonly string[] = [],
): { values: OptionValues<T>; positionals: string[] } {
  const fail = (message: string): never => {
    throw new UsageError(command, message);
  };
  const values: Record<string, unknown> = {};
  const found: string[] = [];
  const byShort = new Map(
    Object.entries(options).flatMap(([name, o]) => (o.short ? [[o.short, name]] : [])),
  );
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      found.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-" || looksNegative(arg)) {
      found.push(arg);
      continue;
    }
    const { name, shown, inline } = splitOption(arg, byShort);
    const def = name === undefined ? undefined : options[name];
    if (name === undefined || def === undefined) {
      return fail(unknownOption(shown, Object.keys(options)));
    }
    if (def.type === "boolean") {
      if (inline !== undefined) fail(`${shown} takes no value (got "${arg}")`);
      values[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      if (next === undefined || (next.startsWith("-") && next !== "-" && !looksNegative(next))) {
        fail(`${shown} needs a value (${def.value ?? "VALUE"})`);
      }
      value = next;
      i++;
    }
    if (def.multiple) values[name] = [...(values[name] as string[] | undefined ?? []), value];
    else if (values[name] !== undefined) fail(`${shown} is given twice`);
    else values[name] = value;
  }
  if (found.length > positionals.length) {
    const takes = positionals.length === 0
      ? "it takes no arguments"
      : `it takes ${positionals.join(" ")}`;
    fail(`unexpected argument "${found[positionals.length]}" (${takes})`);
  }
  return { values: values as OptionValues<T>, positionals: found };
}

/**
 * Reads a numeric flag, requiring it to be finite, above `min` and at most `max`.
 *
 * @example
 * ```ts
 * numberFlag("monitor", "--cooldown", "5", 0, 86_400); // 5
 * ```
 */
export function numberFlag(
  command: string,
  flag: string,
  text: string,
  min: number,
  max = Infinity,
): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n <= min || n > max) {
    const range = max === Infinity ? `> ${min}` : `> ${min} and at most ${max}`;
    throw new UsageError(command, `${flag}: expected a number ${range}, got "${text}"`);
  }
  return n;
}

/** `-5`, `-0.5`: a value, not an option. */
function looksNegative(arg: string): boolean {
  return /^-\d/.test(arg);
}

function splitOption(
  arg: string,
  byShort: ReadonlyMap<string, string>,
): { name: string | undefined; shown: string; inline: string | undefined } {
  if (arg.startsWith("--")) {
    const eq = arg.indexOf("=");
    return eq === -1
      ? { name: arg.slice(2), shown: arg, inline: undefined }
      : { name: arg.slice(2, eq), shown: arg.slice(0, eq), inline: arg.slice(eq + 1) };
  }
  // `-cFILE` and `-c=FILE` are `-c FILE`, as in most tools.
  const short = arg.slice(1, 2);
  const rest = arg.slice(arg[2] === "=" ? 3 : 2);
  const inline = arg.length > 2 ? rest : undefined;
  return { name: byShort.get(short), shown: `-${short}`, inline };
}

function unknownOption(shown: string, known: readonly string[]): string {
  const name = shown.replace(/^-+/, "");
  const near = shown.startsWith("--") ? closestKey(name, known) : null;
  const guess = near !== null && editDistance(name, near) <= 2 ? near : null;
  return `unknown option ${shown}${guess ? ` (did you mean --${guess}?)` : ""}`;
}
