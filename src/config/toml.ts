import { parse, TomlError } from "smol-toml";

/** A TOML syntax error with its 1-based position. */
export class TomlSyntaxError extends Error {
  /** 1-based line of the error. */
  readonly line: number;
  /** 1-based column of the error. */
  readonly column: number;

  /** @param message the first line of the parser's message. */
  constructor(message: string, line: number, column: number) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

/**
 * Parses TOML text into plain objects (the only place that knows the TOML
 * library).
 *
 * @example
 * ```ts
 * parseToml('[monitor]\ncooldown_seconds = 5'); // { monitor: { cooldown_seconds: 5 } }
 * ```
 */
export function parseToml(text: string): Record<string, unknown> {
  try {
    return toPlain(parse(text)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
      throw new TomlSyntaxError(first, err.line, err.column);
    }
    throw err;
  }
}

/** Deeper than any real config: a `[a.a.a…]` header tens of thousands deep is refused, not recursed into. */
export const MAX_TOML_DEPTH = 100;

/** A key that cannot be an ordinary property (`__proto__`), with where it is. */
export class TomlReservedKeyError extends Error {
  /** Keys (and array indexes) from the top of the document down to the reserved one. */
  readonly path: readonly (string | number)[];

  /** @param path keys down to the reserved one. */
  constructor(path: readonly (string | number)[]) {
    super(`"${path.at(-1)}" is a reserved name; use another`);
    this.path = path;
  }
}

/**
 * Copies tables into ordinary objects (the parser makes prototype-less
 * ones). A `__proto__` key is refused: copied, it would silently become the
 * table's prototype instead of a key.
 */
function toPlain(value: unknown, path: readonly (string | number)[] = []): unknown {
  if (path.length > MAX_TOML_DEPTH) {
    throw new Error(`tables or arrays nested deeper than ${MAX_TOML_DEPTH} levels`);
  }
  if (Array.isArray(value)) return value.map((v, i) => toPlain(v, [...path, i]));
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "__proto__") throw new TomlReservedKeyError([...path, k]);
    out[k] = toPlain(v, [...path, k]);
  }
  return out;
}
