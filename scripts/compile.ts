/**
 * Builds `dist/mimolo-<target>` with `deno compile` for each release target
 * (or the targets named on the command line). The binary gets the same
 * permissions and unstable flags as the `mimolo` task, and embeds the
 * built-in plugins, the plugin worker's entry and the SDK with its testing
 * helpers, which are loaded or read (`mimolo sdk export`) at run time rather
 * than imported statically.
 *
 * Run: deno task compile [target...]
 * @module
 */
import { RUNTIME_FLAGS } from "../src/version.ts";

/** Every target a release ships. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** Files loaded at run time that `deno compile` cannot find by itself. */
export const INCLUDES = [
  "plugins/",
  "src/plugins/worker_entry.ts",
  "src/plugins/prepare_entry.ts",
  "src/sdk/",
  "src/testing/",
];

/** The runtime flags baked into the binary: the `mimolo` task's. */
export { RUNTIME_FLAGS };

/** The `deno compile` arguments for one target. */
export function compileArgs(target: string): string[] {
  const ext = target.includes("windows") ? ".exe" : "";
  return [
    "compile",
    ...RUNTIME_FLAGS,
    ...INCLUDES.flatMap((path) => ["--include", path]),
    "--target",
    target,
    "--output",
    `dist/mimolo-${target}${ext}`,
    "main.ts",
  ];
}

if (import.meta.main) {
  const targets = Deno.args.length > 0 ? Deno.args : [...TARGETS];
  for (const target of targets) {
    if (!(TARGETS as readonly string[]).includes(target)) {
      console.error(`unknown target ${target}; one of: ${TARGETS.join(", ")}`);
      Deno.exit(2);
    }
    console.error(`deno ${compileArgs(target).join(" ")}`);
    const { code } = await new Deno.Command(Deno.execPath(), { args: compileArgs(target) }).spawn()
      .status;
    if (code !== 0) Deno.exit(code);
  }
}
