import { LiveMimolo } from "./cli.ts";
import { peakRss } from "./proc.ts";

/** The torn record {@linkcode writeHistory} ends a file with (31 bytes). */
export const TORN_RECORD = '{"type":"segment","start":"2025';

/** Writes a daily log of valid ~1 KB JSONL segment records, about `bytes` long, ending in a torn record. */
export async function writeHistory(file: string, bytes: number): Promise<void> {
  const line = JSON.stringify({
    type: "segment",
    start: "2025-01-01T10:00:00.000Z",
    end: "2025-01-01T10:05:00.000Z",
    duration_s: 300,
    labels: ["example"],
    aggregated: { items: "x".repeat(900) },
    resets_count: 0,
    events: [],
  }) + "\n";
  const block = new TextEncoder().encode(line.repeat(Math.floor(1024 * 1024 / line.length)));
  using out = await Deno.open(file, { write: true, create: true, truncate: true });
  for (let written = 0; written < bytes; written += block.length) await out.write(block);
  await out.write(new TextEncoder().encode(TORN_RECORD));
}

/**
 * Starts `mimolo monitor` in `dir`, waits until it has repaired its logs and
 * started (`pattern` on its output), reads its peak RSS, then stops it.
 */
export async function startupPeakRss(
  dir: string,
  pattern: RegExp,
): Promise<{ peak: number; stderr: string }> {
  const live = new LiveMimolo(["monitor"], dir);
  try {
    await live.waitFor(pattern, 300_000);
    return { peak: peakRss(live.child.pid), stderr: live.stderr };
  } finally {
    live.child.kill("SIGTERM");
    await live.exit();
  }
}
