import { join } from "node:path";
import { pluginSource, writeFiles } from "./temp.ts";

/**
 * A plugin that emits an event every `intervalS`, and before returning each
 * one appends its value (`<run>-<n>`, unique across runs) to `ledger`: what
 * the monitor was handed, to compare with what it recorded. `pad` adds that
 * many characters of data (longer console lines).
 */
export function ledgerPlugin(ledger: string, label: string, intervalS: number, pad = 0): string {
  return pluginSource(
    `{ label: ${JSON.stringify(label)}, dataHeader: "n", pollIntervalS: ${intervalS} }`,
    `this.n++;
    const value = this.run + "-" + this.n;
    Deno.writeTextFileSync(${JSON.stringify(ledger)}, value + "\\n", { append: true });
    return this.makeEvent("tick", ${
      pad > 0 ? `{ n: value, pad: "x".repeat(${pad}) }` : "{ n: value }"
    });`,
    `run = crypto.randomUUID().slice(0, 8);`,
  );
}

/** The values a {@linkcode ledgerPlugin} has handed over so far, in order (none before the first). */
export function readLedger(ledger: string): string[] {
  try {
    return Deno.readTextFileSync(ledger).split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Writes a ledger plugin and `run.toml` (a 600 s cooldown, so its events stay
 * in one open segment) plus `restart.toml` (a quiet plugin, a 1 s cooldown:
 * for `monitor --once` to recover what a killed run left); returns the
 * ledger's path.
 */
export async function writeLedgerSetup(
  dir: string,
  intervalS: number,
  pad = 0,
): Promise<string> {
  const ledger = join(dir, "ledger.txt");
  await writeFiles(dir, {
    "plugins/ledger.ts": ledgerPlugin(ledger, "ledger", intervalS, pad),
    "plugins/quiet.ts": pluginSource(`{ label: "quiet", pollIntervalS: 1 }`, "return null;"),
    "run.toml": `[monitor]\ncooldown_seconds = 600\nlog_dir = "logs"\n` +
      `[plugins.ledger]\npermissions = { write = ["./ledger.txt"] }\n`,
    "restart.toml": `[monitor]\ncooldown_seconds = 1\nlog_dir = "logs"\n[plugins.quiet]\n`,
  });
  return ledger;
}
