import { resolveUserPath } from "../config/paths.ts";

/** The Deno permissions a plugin can be granted. */
export const PERMISSION_KINDS = ["read", "write", "net", "env", "run", "sys"] as const;
/** One kind of permission. */
export type PermissionKind = typeof PERMISSION_KINDS[number];
/** `true`: all; a list: only those paths/hosts/names; `false`: none. */
export type Grant = boolean | string[];
/**
 * What a plugin may do, per kind; `all`: full access, the host's own
 * permissions (FFI and imports included), which Deno demands for some paths
 * (`/proc`, `/dev`, `/sys` on Linux) whatever else is granted.
 */
export type Grants = Record<PermissionKind, Grant> & { all: boolean };

/** Deny everything: the default for every plugin. */
export const NO_GRANTS: Readonly<Grants> = Object.freeze({
  read: false,
  write: false,
  net: false,
  env: false,
  run: false,
  sys: false,
  all: false,
});

/**
 * Full access: every kind, and the host's own permissions for the worker
 * (what `-A` and `all = true` give).
 */
export const ALL_GRANTS: Readonly<Grants> = Object.freeze({
  read: true,
  write: true,
  net: true,
  env: true,
  run: true,
  sys: true,
  all: true,
});

/**
 * Combines two grants: `true` wins, lists are joined.
 *
 * @example
 * ```ts
 * mergeGrants({ ...NO_GRANTS, read: ["/a"] }, { ...NO_GRANTS, read: ["/b"], net: true }).read; // ["/a", "/b"]
 * ```
 */
export function mergeGrants(a: Readonly<Grants>, b: Readonly<Grants>): Grants {
  if (a.all || b.all) return { ...ALL_GRANTS };
  const out = { ...NO_GRANTS };
  for (const kind of PERMISSION_KINDS) out[kind] = mergeGrant(a[kind], b[kind]);
  return out;
}

function mergeGrant(a: Grant, b: Grant): Grant {
  if (a === true || b === true) return true;
  const list = [...(a || []), ...(b || [])];
  return list.length === 0 ? false : [...new Set(list)];
}

/**
 * Makes path grants (`read`, `write`, and `run` entries that are paths)
 * absolute: a leading `~` is the home folder, other relative paths are
 * resolved against `baseDir`.
 *
 * @example
 * ```ts
 * resolveGrantPaths({ ...NO_GRANTS, read: ["./data"] }, "/etc/mimolo").read; // ["/etc/mimolo/data"]
 * ```
 */
export function resolveGrantPaths(grants: Readonly<Grants>, baseDir: string): Grants {
  const at = (p: string) => resolveUserPath(p, baseDir);
  const out = { ...grants };
  for (const kind of ["read", "write"] as const) {
    const g = grants[kind];
    if (Array.isArray(g)) out[kind] = g.map(at);
  }
  if (Array.isArray(grants.run)) out.run = grants.run.map((p) => (/[\\/]/.test(p) ? at(p) : p));
  return out;
}

/**
 * The worker permissions for a grant set: everything not granted is denied,
 * including FFI and remote imports; full access is the host's own
 * permissions (`"inherit"`).
 *
 * @example
 * ```ts
 * new Worker(url, { type: "module", deno: { permissions: workerPermissions(NO_GRANTS) } });
 * ```
 */
export function workerPermissions(grants: Readonly<Grants>): Deno.PermissionOptions {
  if (grants.all) return "inherit";
  const { all: _, ...kinds } = grants;
  return { ...kinds, ffi: false, import: false } as Deno.PermissionOptionsObject;
}

/**
 * One line describing a grant set, e.g. `read=/a,/b net`, `none`, or `all`
 * for full access.
 *
 * @example
 * ```ts
 * describeGrants({ ...NO_GRANTS, read: ["/a"], net: true }); // "read=/a net"
 * ```
 */
export function describeGrants(grants: Readonly<Grants>): string {
  if (grants.all) return "all";
  const parts = PERMISSION_KINDS.flatMap((k) => {
    const g = grants[k];
    if (g === false) return [];
    return [g === true ? k : `${k}=${g.join(",")}`];
  });
  return parts.length === 0 ? "none" : parts.join(" ");
}

/**
 * Turns Deno's "Requires read access to "/x"" into advice naming the flag
 * and the config key that grant it, or `null` for other messages. Deno's
 * "Requires all access" (a path such as `/proc/loadavg`, which only full
 * access opens) gets `-A` and `all = true`, with what they give.
 *
 * @example
 * ```ts
 * permissionAdvice("notes", 'Requires read access to "/x", run again with the --allow-read flag');
 * ```
 */
export function permissionAdvice(label: string, message: string): string | null {
  const match = /Requires (\w+) access(?: to "?([^",]*)"?)?/.exec(message);
  if (!match) return null;
  if (match[1] === "all") {
    return `missing full access${match[2] ? ` (Deno opens ${match[2]} only with it)` : ""}: ` +
      `grant it with "mimolo monitor --allow-all" (all plugins) or ` +
      `[plugins.${label}.permissions] all = true in the config; full access is everything ` +
      "MiMoLo itself may do (every file, the network, programs, FFI)";
  }
  const kind = match[1] as PermissionKind;
  if (!(PERMISSION_KINDS as readonly string[]).includes(kind)) return null;
  const what = match[2];
  const flag = what ? `--allow-${kind}=${what}` : `--allow-${kind}`;
  const key = what ? `${kind} = [${JSON.stringify(what)}]` : `${kind} = true`;
  return `missing ${kind} permission${what ? ` for ${what}` : ""}: grant it with ` +
    `"mimolo monitor ${flag}" (all plugins) or [plugins.${label}.permissions] ${key} in the config`;
}
