import { refusedGrantValue } from "../config/grant_check.ts";
import { expandHome } from "../config/paths.ts";
import { UsageError } from "../errors.ts";
import { ALL_GRANTS, type Grants, mergeGrants, NO_GRANTS } from "../plugins/permissions.ts";

const FLAG = /^--allow-(read|write|net|env|run|sys)(?:=(.*))?$/;

/** Deno flags MiMoLo does not take, with why. */
const REFUSED: readonly [RegExp, string][] = [
  [
    /^--allow-ffi(=|$)/,
    "plugins get no separate FFI grant; only full access (-A, or all = true in " +
    "[plugins.<label>.permissions]) includes it",
  ],
  [
    /^--allow-import(=|$)/,
    'plugins may import only "@mimolo/sdk", node: built-ins and relative files, never remote modules',
  ],
  [/^--deny-/, "plugins are denied everything they are not granted: grant less instead"],
];

/**
 * Takes Deno-style permission flags (`--allow-read[=a,b]`, …, and `-A`,
 * `--allow-all`: full access) out of `command`'s argument list; they grant
 * every plugin.
 * A leading `~` in a path is the home folder, as in the config (shells leave
 * `--allow-read=~/x` alone). A flag MiMoLo refuses (`--allow-ffi`,
 * `--allow-import`, `--deny-*`) or an empty list is a usage error saying why.
 *
 * @example
 * ```ts
 * takePermissionFlags(["--allow-read=/tmp", "--once"]); // { grants: { read: ["/tmp"], ... }, rest: ["--once"] }
 * ```
 */
export function takePermissionFlags(
  args: readonly string[],
  command = "monitor",
): { grants: Grants; rest: string[] } {
  let grants: Grants = { ...NO_GRANTS };
  const rest: string[] = [];
  for (const [i, arg] of args.entries()) {
    if (arg === "--") {
      rest.push(...args.slice(i));
      break;
    }
    if (arg === "-A" || arg === "--allow-all") {
      grants = { ...ALL_GRANTS };
      continue;
    }
    const refused = REFUSED.find(([pattern]) => pattern.test(arg));
    if (refused) throw new UsageError(command, `${arg.split("=")[0]} is refused: ${refused[1]}`);
    const match = FLAG.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    const [, kind, list] = match;
    const flag = `--allow-${kind}`;
    if (list === "") {
      throw new UsageError(command, `${flag}= needs a comma-separated list after "="`);
    }
    const grant = list === undefined
      ? true
      : list.split(",").map((s) => s.trim()).filter(Boolean).map((s) => flagEntry(kind, s));
    const bad = refusedGrantValue({ ...NO_GRANTS, [kind]: grant });
    if (bad) throw new UsageError(command, `${flag}: ${bad.reason}`);
    grants = mergeGrants(grants, { ...NO_GRANTS, [kind]: grant });
  }
  return { grants, rest };
}

/** A path entry (read, write, or a run entry with a separator) with `~` expanded. */
function flagEntry(kind: string, entry: string): string {
  const isPath = kind === "read" || kind === "write" || (kind === "run" && /[\\/]/.test(entry));
  return isPath ? expandHome(entry) : entry;
}
