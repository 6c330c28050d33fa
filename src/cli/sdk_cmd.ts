import { resolveUserPath } from "../config/paths.ts";
import { UsageError } from "../errors.ts";
import { exportSdk } from "../sdk_export/mod.ts";
import { VERSION } from "../version.ts";
import { parseCommandArgs } from "./args.ts";
import { SDK_HELP } from "./help.ts";
import type { Output } from "./output.ts";

/**
 * `mimolo sdk export DIR`: writes the SDK of this executable into DIR with
 * a `deno.json` import map, so `deno check`, `deno test` and editors there
 * resolve `"@mimolo/sdk"` and `"@mimolo/sdk/testing"` as the monitor does.
 *
 * @example
 * ```ts
 * await sdkCommand(["export", "./plugins"], stdio);
 * ```
 */
export async function sdkCommand(args: string[], io: Output): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "-h" || sub === "--help") {
    io.out(SDK_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== "export") throw new UsageError("sdk", `unknown subcommand "${sub}" (export)`);
  const { values, positionals: [dir] } = parseCommandArgs("sdk export", rest, {
    help: { type: "boolean", short: "h" },
  }, ["DIR"]);
  if (values.help) {
    io.out(SDK_HELP);
    return 0;
  }
  if (dir === undefined) throw new UsageError("sdk export", "DIR is missing: a plugin folder");
  const folder = resolveUserPath(dir, Deno.cwd());
  await Deno.mkdir(folder, { recursive: true });
  const done = await exportSdk(folder);
  io.out(`wrote the SDK of mimolo ${VERSION} to ${done.folder} (${done.files} files)`);
  io.out(
    done.changes.length === 0
      ? `${done.denoJson} already maps "@mimolo/sdk"`
      : `updated ${done.denoJson}: ${done.changes.join("; ")}`,
  );
  io.out(
    `in ${folder}, deno check, deno test and your editor's Deno language server now resolve ` +
      `"@mimolo/sdk" and "@mimolo/sdk/testing" as this mimolo does`,
  );
  return 0;
}
