import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { mimoloCommand } from "../helpers/cli.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("release smoke script passes against the source (the binary's code path): sdk export, deno check, plugin test, monitor --once", async () => {
  const [deno, args] = mimoloCommand([]);
  const res = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}scripts/smoke.ts`, deno, ...args],
    cwd: ROOT,
    stdin: "null",
  }).output();
  const out = new TextDecoder().decode(res.stdout) + new TextDecoder().decode(res.stderr);
  assert.equal(res.code, 0, out);
  assert.deepEqual(out.match(/^ok: .*$/gm), [
    "ok: --version",
    "ok: register lists the built-in and the drop-in plugin",
    "ok: sdk export writes the SDK and deno.json into the plugin folder",
    "ok: deno check passes for the plugin against the exported SDK",
    "ok: deno check fails for a plugin with a type error, naming its file",
    "ok: plugin test runs the drop-in plugin and prints its events and aggregate",
    "ok: monitor --once writes the drop-in plugin's segment",
  ]);
  assert.match(out, /smoke test passed/);
});
