/**
 * Plugin worker benchmarks (`deno task bench`).
 *
 * - "poll": a first poll through `WorkerHost.run()` (request posted to the
 *   plugin's worker, its poll loop restarted, `emitEvent()` run there, the
 *   small event structured-cloned back) against the baseline of calling the
 *   same plugin class's `emitEvent()` in-process. Later polls run on the
 *   worker's own timer and cross to the host only when they find something. The class is the very module the worker runs: the prepared
 *   `data:` URL, imported here too.
 * - "transform": `pluginModuleUrl` on `plugins/example.ts` (read, strip types,
 *   rewrite imports, encode as a `data:` URL). "first time" gives every
 *   iteration a file the transform cache has not seen (a copy with a unique
 *   trailing comment, written outside the measured part); "cached" is a
 *   repeat of the same file, which skips the type-stripping.
 * - "worker start": starting one plugin worker (new Worker, load the module,
 *   constructor, `onStart()`) and stopping it again; what each plugin adds to
 *   start-up before its first poll.
 *
 * The workers are stopped when the bench process unloads, so `deno bench` exits.
 * @module
 */
import type { PluginContext } from "@mimolo/sdk";
import { pluginModuleUrl } from "../src/plugins/module_loader.ts";
import { monitorClassOf } from "../src/plugins/spec.ts";
import { WorkerHost } from "../src/plugins/worker_host.ts";
import { registerFrom } from "../tests/helpers/plugins.ts";
import { pluginSource } from "../tests/helpers/temp.ts";

const EXAMPLE = new URL("../plugins/example.ts", import.meta.url);

const dir = await Deno.makeTempDir({ prefix: "mimolo-bench-workers-" });
await Deno.writeTextFile(
  `${dir}/ping.ts`,
  pluginSource(`{ label: "ping" }`, `return this.makeEvent("ping", { n: ++this.n });`),
);
const context: PluginContext = { configDir: dir, logDir: `${dir}/logs` };
const [ping] = await registerFrom(dir, "[plugins.ping]\n");

/** Host whose worker stays up for the poll benchmark. */
const pollHost = new WorkerHost([ping], context);
await pollHost.start("ping");
const ignore = { event() {}, failed() {} };
/** Host whose worker is started and stopped by every "worker start" iteration. */
const startHost = new WorkerHost([ping], context);

/** The same plugin class, loaded in this process from the same prepared module. */
const Ping = monitorClassOf(await import(ping.url), ping.file);
const direct = new Ping({}, context);

addEventListener("unload", () => {
  // Terminate without waiting: nothing can be awaited during unload.
  void pollHost.stop(0);
  void startHost.stop(0);
  Deno.removeSync(dir, { recursive: true });
});

Deno.bench({
  name: "emitEvent() called in-process",
  group: "poll",
  baseline: true,
  fn: async () => {
    await direct.emitEvent();
  },
});

Deno.bench({
  name: "first poll via WorkerHost.run(), a round-trip through the plugin's worker",
  group: "poll",
  fn: async () => {
    await pollHost.run("ping", 3_600_000, ignore);
  },
});

const exampleSource = await Deno.readTextFile(EXAMPLE);
const coldFile = `${dir}/example_copy.ts`;
let copies = 0;

Deno.bench({
  name: "pluginModuleUrl(example.ts), first time (cache miss)",
  group: "transform",
  baseline: true,
  fn: async (b) => {
    await Deno.writeTextFile(coldFile, `${exampleSource}// copy ${copies++}\n`);
    b.start();
    await pluginModuleUrl(coldFile);
    b.end();
  },
});

Deno.bench({
  name: "pluginModuleUrl(example.ts), repeated (cache hit)",
  group: "transform",
  fn: async () => {
    await pluginModuleUrl(EXAMPLE.pathname);
  },
});

Deno.bench({
  name: "start a plugin worker (load, constructor, onStart) and stop it",
  group: "worker start",
  n: 30,
  warmup: 3,
  fn: async () => {
    await startHost.start("ping");
    await startHost.stop(1000);
  },
});
