/**
 * Smoke-tests a built `mimolo` (the release workflow runs it on each native
 * binary): `--version`, `register`, `sdk export` into the plugin folder and
 * `deno check` there (with the Deno running this script: a good plugin
 * passes, one with a type error fails naming its file), `plugin test`, and a
 * short `monitor --once` with a drop-in plugin from a temp folder and a
 * one-second cooldown.
 *
 * Run: deno run -A scripts/smoke.ts dist/mimolo-<target> [args before the command...]
 * (e.g. `deno run -A scripts/smoke.ts deno run -A --no-prompt --unstable-worker-options main.ts`
 * smoke-tests the source the same way.)
 * @module
 */
import { join, resolve } from "node:path";

const [program, ...prefix] = Deno.args;
if (!program) {
  console.error("usage: smoke.ts <mimolo binary> [leading args...]");
  Deno.exit(2);
}
const exe = program.includes("/") || program.includes("\\") ? resolve(program) : program;
const mainArgs = prefix.map((a) => (a.endsWith("main.ts") ? resolve(a) : a));

async function mimolo(
  args: string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> {
  const res = await new Deno.Command(exe, { args: [...mainArgs, ...args], cwd, stdin: "null" })
    .output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: res.code, out: text(res.stdout), err: text(res.stderr) };
}

/** Runs the Deno that runs this script (the release workflow's) in `cwd`, as a plugin author would. */
async function deno(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  const res = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: res.code, out: text(res.stdout) + text(res.stderr) };
}

function check(ok: boolean, what: string, detail: string): void {
  if (!ok) {
    console.error(`SMOKE FAIL: ${what}\n${detail}`);
    Deno.exit(1);
  }
  console.log(`ok: ${what}`);
}

const dir = await Deno.makeTempDir({ prefix: "mimolo-smoke-" });
await Deno.mkdir(join(dir, "plugins"));
await Deno.writeTextFile(
  join(dir, "plugins", "smoke.ts"),
  `import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";
import { twice } from "./_helper.ts";
export default class Smoke extends BaseMonitor {
  static override spec: PluginSpec = { label: "smoke", dataHeader: "n", pollIntervalS: 0.2 };
  #polls = 0;
  override emitEvent(): Event | null {
    return this.#polls++ < 2 ? this.makeEvent("tick", { n: twice(this.#polls) }) : null;
  }
}
`,
);
await Deno.writeTextFile(
  join(dir, "plugins", "_helper.ts"),
  "export const twice = (n: number): number => n * 2;\n",
);
await Deno.writeTextFile(
  join(dir, "mimolo.toml"),
  `[monitor]\ncooldown_seconds = 1\nlog_dir = "logs"\n[plugins.smoke]\n`,
);

const version = await mimolo(["--version"], dir);
check(
  version.code === 0 && /^mimolo \d+\.\d+\.\d+/.test(version.out),
  "--version",
  version.out + version.err,
);

const register = await mimolo(["register"], dir);
check(
  register.code === 0 && /^example +\[/m.test(register.out) &&
    /^smoke +\[enabled\]/m.test(register.out),
  "register lists the built-in and the drop-in plugin",
  register.out + register.err,
);

const plugins = join(dir, "plugins");
const exported = await mimolo(["sdk", "export", "plugins"], dir);
check(
  exported.code === 0 && /^wrote the SDK of mimolo \d+\.\d+\.\d+ to /m.test(exported.out) &&
    Deno.statSync(join(plugins, "deno.json")).isFile,
  "sdk export writes the SDK and deno.json into the plugin folder",
  exported.out + exported.err,
);

const checked = await deno(["check", "smoke.ts"], plugins);
check(checked.code === 0, "deno check passes for the plugin against the exported SDK", checked.out);

await Deno.writeTextFile(
  join(plugins, "typo.ts"),
  `import { BaseMonitor, type PluginSpec } from "@mimolo/sdk";
export default class Typo extends BaseMonitor {
  static override spec: PluginSpec = { label: "typo", pollIntervalS: "often" };
  override emitEvent(): null {
    return null;
  }
}
`,
);
const typo = await deno(["check", "typo.ts"], plugins);
check(
  typo.code !== 0 &&
    /TS2322 \[ERROR\]: Type 'string' is not assignable to type 'number'/.test(typo.out) &&
    /typo\.ts:3:\d+/.test(typo.out),
  "deno check fails for a plugin with a type error, naming its file",
  typo.out,
);
await Deno.remove(join(plugins, "typo.ts"));

const tried = await mimolo(["plugin", "test", "plugins/smoke.ts", "--polls", "3", "--json"], dir);
const records = tried.out.trim().split("\n").map((l) => {
  try {
    return JSON.parse(l);
  } catch {
    return {};
  }
});
check(
  tried.code === 0 &&
    JSON.stringify(records.map((r) => r.type)) ===
      '["start","event","event","none","stop","aggregate"]' &&
    JSON.stringify(records.at(-1)?.aggregated) === '{"n":[2,4]}',
  "plugin test runs the drop-in plugin and prints its events and aggregate",
  tried.out + tried.err,
);

const run = await mimolo(["monitor", "--once"], dir);
const logs = [...Deno.readDirSync(join(dir, "logs"))].map((e) => e.name).filter((n) =>
  n.endsWith(".jsonl")
);
const line = logs.length === 1 ? Deno.readTextFileSync(join(dir, "logs", logs[0])).trim() : "";
const segment = line ? JSON.parse(line) : {};
check(
  run.code === 0 && segment.type === "segment" &&
    JSON.stringify(segment.aggregated) === '{"n":[2,4]}',
  "monitor --once writes the drop-in plugin's segment",
  run.out + run.err + line,
);

await Deno.remove(dir, { recursive: true });
console.log("smoke test passed");
