/**
 * Idle CPU of the whole monitor process: runs `mimolo monitor` (the `mimolo`
 * task's exact command) with one plugin that polls every 5 s and never emits,
 * waits for start-up, then measures CPU time over a window.
 *
 * Run: npx -y deno@2.7.5 run -A --no-prompt bench/idle_cpu.ts [seconds=60]
 * @module
 */
import { mimoloCommand } from "../tests/helpers/cli.ts";
import { cpuDuring } from "../tests/helpers/proc.ts";

const seconds = Number(Deno.args[0] ?? 60);
const dir = await Deno.makeTempDir({ prefix: "mimolo-idle-" });
await Deno.mkdir(`${dir}/plugins`);
await Deno.writeTextFile(
  `${dir}/plugins/quiet.ts`,
  `import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";
export default class Quiet extends BaseMonitor {
  static override spec: PluginSpec = { label: "quiet", pollIntervalS: 5 };
  override emitEvent(): Event | null { return null; }
}
`,
);
await Deno.writeTextFile(`${dir}/mimolo.toml`, `[plugins.quiet]\n`);
const [cmd, args] = mimoloCommand(["monitor"]);
const child = new Deno.Command(cmd, { args, cwd: dir, stdout: "null", stderr: "null" }).spawn();
await new Promise((r) => setTimeout(r, 3000));
const used = await cpuDuring(child.pid, seconds * 1000);
child.kill("SIGTERM");
await child.status;
await Deno.remove(dir, { recursive: true });
console.log(
  `idle monitor, 1 plugin polled every 5 s: ${used.toFixed(2)} CPU s in ${seconds} s ` +
    `(${(100 * used / seconds).toFixed(3)}% of one core)`,
);
