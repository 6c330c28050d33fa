import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { mimoloCommand } from "../helpers/cli.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("release smoke script passes against the source (the binary's code path)", async () => {
  const [deno, args] = mimoloCommand([]);
  const res = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}scripts/smoke.ts`, deno, ...args],
    cwd: ROOT,
    stdin: "null",
  }).output();
  const out = new TextDecoder().decode(res.stdout) + new TextDecoder().decode(res.stderr);
  assert.equal(res.code, 0, out);
  assert.match(out, /smoke test passed/);
});
