/**
 * MiMoLo — Mini Modular Monitor & Logger. Entry point of `mimolo`.
 * @module
 */
import { runCli, stdio } from "./src/cli/mod.ts";

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args, stdio));
}
