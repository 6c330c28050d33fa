import { basename, dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Grants, PERMISSION_KINDS } from "../plugins/permissions.ts";
import { RUNTIME_FLAGS } from "../version.ts";

/** The process a login service starts: an absolute program, its arguments and its folder. */
export interface ServiceCommand {
  /** Absolute path of the executable (the `mimolo` binary, or Deno). */
  program: string;
  /** Its arguments. */
  args: string[];
  /** The folder it runs in: the config file's. */
  workingDir: string;
}

/** How this `mimolo` was started: a compiled executable, or `deno run main.ts`. */
export interface Launch {
  /** `Deno.execPath()`: the executable, or the Deno binary. */
  execPath: string;
  /** The absolute path of `main.ts` under `deno run`, or `null` in a compiled executable. */
  mainScript: string | null;
}

/**
 * How a process was started, from its main module and executable: a
 * compiled executable's main module lives in the virtual folder
 * `deno compile` mounts at `<tmp>/deno-compile-<name>/`.
 *
 * @example
 * ```ts
 * launchOf(Deno.mainModule, Deno.execPath()); // { execPath: "/usr/local/bin/mimolo", mainScript: null }
 * ```
 */
export function launchOf(mainModule: string, execPath: string): Launch {
  const main = mainModule.startsWith("file:") ? fileURLToPath(mainModule) : null;
  const compiled = main === null || /[\\/]deno-compile-[^\\/]+[\\/]/.test(main);
  return { execPath, mainScript: compiled ? null : main };
}

/** How this process was started. */
export function currentLaunch(): Launch {
  return launchOf(Deno.mainModule, Deno.execPath());
}

/**
 * The command a service runs: `mimolo monitor --config FILE` plus the grant
 * flags, as the compiled executable or as this Deno with the `mimolo` task's
 * runtime flags and `main.ts`, all paths absolute.
 *
 * @example
 * ```ts
 * serviceCommand({ execPath: "/usr/bin/mimolo", mainScript: null }, "/home/me/.config/mimolo/mimolo.toml", NO_GRANTS);
 * // { program: "/usr/bin/mimolo", args: ["monitor", "--config", "/home/me/.config/mimolo/mimolo.toml"], ... }
 * ```
 */
export function serviceCommand(launch: Launch, configPath: string, grants: Grants): ServiceCommand {
  const program = resolve(launch.execPath);
  const runtime = launch.mainScript === null
    ? []
    : ["run", ...RUNTIME_FLAGS, resolve(launch.mainScript)];
  return {
    program,
    args: [...runtime, "monitor", "--config", resolve(configPath), ...grantFlags(grants)],
    workingDir: dirname(resolve(configPath)),
  };
}

/**
 * Command-line flags that give the same grants (`--allow-read=/a,/b`, …;
 * `--allow-all` for full access), with relative paths made
 * absolute against the current folder, since the service runs elsewhere.
 *
 * @example
 * ```ts
 * grantFlags({ ...NO_GRANTS, read: ["./src"] }); // ["--allow-read=/home/me/src"]
 * ```
 */
export function grantFlags(grants: Grants, cwd: string = Deno.cwd()): string[] {
  if (grants.all) return ["--allow-all"];
  return PERMISSION_KINDS.flatMap((kind) => {
    const g = grants[kind];
    if (g === false) return [];
    if (g === true) return [`--allow-${kind}`];
    const isPath = (p: string) =>
      kind === "read" || kind === "write" || (kind === "run" && /[\\/]/.test(p));
    const items = g.map((p) => (isPath(p) && !isAbsolute(p) ? resolve(cwd, p) : p));
    return [`--allow-${kind}=${items.join(",")}`];
  });
}

/**
 * Whether a Deno binary lives in npx's cache, which `npm cache clean` and
 * npx updates remove: a service pointing there would stop starting.
 *
 * @example
 * ```ts
 * inNpxCache("/home/me/.npm/_npx/0d33/node_modules/deno/deno"); // true
 * ```
 */
export function inNpxCache(execPath: string): boolean {
  return /[\\/]_npx[\\/]/.test(execPath) && basename(execPath).startsWith("deno");
}
