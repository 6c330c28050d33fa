import { refusedGrantValue } from "../config/grant_check.ts";
import { expandHome } from "../config/paths.ts";
import { ConfigError } from "../errors.ts";
import { type Grants, mergeGrants, NO_GRANTS, PERMISSION_KINDS } from "../plugins/permissions.ts";

const FLAG = /^--allow-(read|write|net|env|run|sys)(?:=(.*))?$/;

/**
 * Takes Deno-style permission flags (`--allow-read[=a,b]`, …, `-A`,
 * `--allow-all`) out of an argument list; they grant every plugin. A
 * leading `~` in a path is the home folder, as in the config (shells leave
 * `--allow-read=~/x` alone).
 *
 * @example
 * ```ts
 * takePermissionFlags(["--allow-read=/tmp", "--once"]); // { grants: { read: ["/tmp"], ... }, rest: ["--once"] }
 * ```
 */
export function takePermissionFlags(args: readonly string[]): { grants: Grants; rest: string[] } {
  let grants: Grants = { ...NO_GRANTS };
  const rest: string[] = [];
  for (const arg of args) {
    if (arg === "--") {
      rest.push(...args.slice(args.indexOf(arg)));
      break;
    }
    if (arg === "-A" || arg === "--allow-all") {
      for (const kind of PERMISSION_KINDS) grants[kind] = true;
      continue;
    }
    const match = FLAG.exec(arg);
    if (!match) {
      rest.push(arg);
      continue;
    }
    const [, kind, list] = match;
    if (list === "") throw new ConfigError(`${arg}: expected a comma-separated list after "="`);
    const grant = list === undefined
      ? true
      : list.split(",").map((s) => s.trim()).filter(Boolean).map((s) => flagEntry(kind, s));
    const refused = refusedGrantValue({ ...NO_GRANTS, [kind]: grant });
    if (refused) throw new ConfigError(`--allow-${kind}: ${refused.reason}`);
    grants = mergeGrants(grants, { ...NO_GRANTS, [kind]: grant });
  }
  return { grants, rest };
}

/** A path entry (read, write, or a run entry with a separator) with `~` expanded. */
function flagEntry(kind: string, entry: string): string {
  const isPath = kind === "read" || kind === "write" || (kind === "run" && /[\\/]/.test(entry));
  return isPath ? expandHome(entry) : entry;
}
