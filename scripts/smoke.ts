/**
 * Smoke-tests a built `mimolo` (the release workflow runs it on each native
 * binary): `--version`, `register`, and a short `monitor --once` with a
 * drop-in plugin from a temp folder and a one-second cooldown.
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
