/**
 * How a plugin declares the config keys it accepts (`static config`).
 * @module
 */

/** The value a config key of each type holds, as the plugin receives it. */
export interface ConfigTypeValues {
  /** Any string. */
  string: string;
  /** `true` or `false`. */
  boolean: boolean;
  /** A finite number. */
  number: number;
  /** A whole number. */
  integer: number;
  /** A file or folder: MiMoLo expands a leading `~` and makes it absolute (against the config file's folder). */
  path: string;
  /** A list of strings. */
  "string[]": string[];
  /** A list of paths, each made absolute like `path`. */
  "path[]": string[];
}

/** The types a config key can declare. */
export type ConfigType = keyof ConfigTypeValues;

/** One declared key of type `T`. */
export interface ConfigKeyOf<T extends ConfigType> {
  /** What the value must be. */
  type: T;
  /** One line for `mimolo plugin config` and the docs: what the key does. */
  description: string;
  /** The value used when the section does not set the key; without one, an unset key is absent. */
  default?: ConfigTypeValues[T];
  /** For `string`: the only values allowed. */
  choices?: T extends "string" ? readonly string[] : never;
  /** For `number` and `integer`: the smallest value allowed. */
  min?: T extends "number" | "integer" ? number : never;
  /** For `number` and `integer`: the largest value allowed. */
  max?: T extends "number" | "integer" ? number : never;
}

/** One declared key, of any type (its `default` must fit its `type`). */
export type ConfigKey = { [T in ConfigType]: ConfigKeyOf<T> }[ConfigType];

/**
 * The keys a plugin accepts in its `[plugins.<label>]` section, by name
 * (besides the standard keys such as `enabled` and `poll_interval_s`).
 *
 * @example
 * ```ts
 * const config = {
 *   folders: { type: "path[]", default: [], description: "Folders to look at." },
 *   depth: { type: "integer", default: 1, min: 0, description: "How deep to look." },
 * } satisfies ConfigDeclaration;
 * ```
 */
export type ConfigDeclaration = Readonly<Record<string, ConfigKey>>;

/**
 * The config values a plugin receives for declaration `D`: keys with a
 * default are always set, the others may be absent.
 *
 * @example
 * ```ts
 * type Options = ConfigValues<typeof MyMonitor.config>;
 * const { folders, depth } = this.config as Options; // string[], number
 * ```
 */
export type ConfigValues<D extends ConfigDeclaration> =
  & {
    [K in keyof D as D[K] extends { default: unknown } ? K : never]: ConfigTypeValues[D[K]["type"]];
  }
  & {
    [K in keyof D as D[K] extends { default: unknown } ? never : K]?: ConfigTypeValues[
      D[K]["type"]
    ];
  };
