import { errorMessage } from "../errors.ts";
import { type Grants, NO_GRANTS, workerPermissions } from "../plugins/permissions.ts";

/** The kinds whose values Deno parses (hosts with ports, system-info names) and can refuse. */
const PARSED_KINDS = ["net", "sys"] as const;

/** A module that does nothing: the probe worker only needs to be created. */
const PROBE = "data:text/javascript,";

/** A grant value Deno refuses. */
export interface RefusedGrant {
  /** The permission kind. */
  kind: typeof PARSED_KINDS[number];
  /** Its position in that kind's list. */
  index: number;
  /** Deno's reason, e.g. `invalid port in '127.0.0.1:99999': '99999'`. */
  reason: string;
}

/**
 * The first `net` or `sys` value that Deno's own permission parser refuses,
 * or `null`. Deno parses them only when a plugin's worker is created, where a
 * refusal would look like the plugin's failure; asking Deno here, by
 * creating and at once terminating a worker with those values (only when a
 * grant lists some), makes it a configuration error and accepts exactly
 * what the runtime accepts. Paths, variable names and commands are never
 * refused by Deno, so they are not probed.
 *
 * @example
 * ```ts
 * refusedGrantValue({ ...NO_GRANTS, sys: ["hostname", "bogus"] });
 * // { kind: "sys", index: 1, reason: 'unknown system info kind "bogus"' }
 * ```
 */
export function refusedGrantValue(grants: Readonly<Grants>): RefusedGrant | null {
  const lists = PARSED_KINDS.flatMap((kind) => {
    const grant = grants[kind];
    return Array.isArray(grant) && grant.length > 0 ? [[kind, grant] as const] : [];
  });
  if (lists.length === 0 || probe(Object.fromEntries(lists)) === null) return null;
  for (const [kind, values] of lists) {
    for (const [index, value] of values.entries()) {
      const reason = probe({ [kind]: [value] });
      if (reason !== null) return { kind, index, reason };
    }
  }
  return null;
}

/** Deno's objection to creating a worker with these grants, or `null`. */
function probe(grants: Partial<Grants>): string | null {
  try {
    const permissions = workerPermissions({ ...NO_GRANTS, ...grants });
    new Worker(PROBE, { type: "module", deno: { permissions } } as WorkerOptions).terminate();
    return null;
  } catch (err) {
    // Not a parse error: this process may not grant that much; the plugin host reports it.
    if (err instanceof Deno.errors.NotCapable) return null;
    return errorMessage(err);
  }
}
