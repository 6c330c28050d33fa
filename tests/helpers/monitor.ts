import type { LeftoverSegment } from "../../src/durability/recover.ts";
import { SegmentJournals } from "../../src/durability/journal.ts";
import { Outbox } from "../../src/durability/outbox.ts";
import { Monitor } from "../../src/runtime/monitor.ts";
import { FakeClock } from "./fake_clock.ts";
import {
  FakeHost,
  type FakePlugin,
  MemoryLog,
  MemorySink,
  quietConsole,
  registered,
} from "./fake_host.ts";
import { tempDir } from "./temp.ts";

/** A Date `ms` after the fake clock's wall start. */
export const at = (ms: number): Date => new Date(Date.UTC(2025, 0, 1) + ms);

/** A monitor on a fake clock and fake host, journaling into a temp folder (or `over.dir`). */
export async function setup(
  plugins: FakePlugin[],
  over: {
    cooldownSeconds?: number;
    once?: boolean;
    leftovers?: LeftoverSegment[];
    dir?: string;
    /** Where records go (default: memory, written at once). */
    sink?: MemorySink;
  } = {},
) {
  const dir = over.dir
    ? { path: over.dir, [Symbol.asyncDispose]: () => Promise.resolve() }
    : await tempDir();
  const clock = new FakeClock();
  const host = new FakeHost(plugins, clock);
  const sink = over.sink ?? new MemorySink();
  const log = new MemoryLog();
  const monitor = new Monitor({
    plugins: registered(plugins),
    host,
    outbox: new Outbox(sink, log),
    journals: new SegmentJournals(dir.path, 0, log),
    leftovers: over.leftovers,
    console: quietConsole,
    log,
    clock,
    cooldownSeconds: over.cooldownSeconds ?? 10,
    pollTickMs: 100,
    once: over.once,
    shutdownGraceMs: 50,
  });
  return {
    clock,
    host,
    sink,
    log,
    monitor,
    dir: dir.path,
    [Symbol.asyncDispose]: dir[Symbol.asyncDispose],
  };
}
