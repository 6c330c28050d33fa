import type { EventRecord } from "@mimolo/sdk";
import { defaultHostName } from "../config/mod.ts";
import { eventRecord } from "../engine/mod.ts";
import { UsageError } from "../errors.ts";
import { numberFlag, parseCommandArgs } from "./args.ts";
import { SYNTHETIC_HELP } from "./help.ts";
import type { Output } from "./output.ts";

/**
 * `mimolo synthetic`: prints `--count` synthetic events at `--rate` per
 * second (for trying out pipes and parsers; it runs no plugin).
 *
 * @example
 * ```ts
 * await syntheticCommand(["--count", "3", "--rate", "100"], stdio);
 * ```
 */
export async function syntheticCommand(args: string[], io: Output): Promise<number> {
  const { values } = parseCommandArgs("synthetic", args, {
    rate: { type: "string", value: "EPS" },
    count: { type: "string", value: "N" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.out(SYNTHETIC_HELP);
    return 0;
  }
  const rate = values.rate === undefined ? 1 : numberFlag("synthetic", "--rate", values.rate, 0);
  const count = values.count === undefined
    ? 10
    : numberFlag("synthetic", "--count", values.count, -1);
  if (!Number.isInteger(count)) {
    throw new UsageError("synthetic", `--count: expected a whole number, got "${values.count}"`);
  }
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    io.out(JSON.stringify(syntheticRecord(i)));
  }
  return 0;
}

function syntheticRecord(i: number): EventRecord {
  return eventRecord({
    timestamp: new Date(),
    label: "synthetic",
    event: "tick",
    data: { seq: i, items: [`item_${i % 5}`] },
  }, defaultHostName());
}
