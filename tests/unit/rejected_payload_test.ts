import assert from "node:assert/strict";
import { validateEvent } from "../../src/plugins/validate_event.ts";
import { firstPoll, hostFor } from "../helpers/plugins.ts";
import { tempDir, writeFiles } from "../helpers/temp.ts";

/** emitEvent bodies that return a bad payload, and what the error must say. */
const CASES: Record<string, [string, RegExp]> = {
  circular: [
    `const d: Record<string, unknown> = { x: 1 }; d.self = d; return this.makeEvent("e", d);`,
    /event\.data\.self is a circular reference/,
  ],
  bigint: [`return this.makeEvent("e", { n: 10n });`, /event\.data\.n is a BigInt/],
  func: [`return this.makeEvent("e", { f: () => 1 } as never);`, /event\.data\.f is a function/],
  nan: [`return this.makeEvent("e", { n: NaN });`, /event\.data\.n is NaN, not a finite number/],
  infinity: [
    `return this.makeEvent("e", { n: [1, -Infinity] });`,
    /event\.data\.n\[1\] is -Infinity/,
  ],
  long_name: [
    `return this.makeEvent("x".repeat(5000));`,
    /event\.event is 5000 characters long; at most 200/,
  ],
  oversized: [
    `return this.makeEvent("e", { blob: "x".repeat(70_000) });`,
    /the event is \d+ bytes of JSON; at most 65536 \(max_event_bytes\)/,
  ],
  skewed: [
    `return { ...this.makeEvent("e"), timestamp: new Date(Date.now() - 3_600_000) };`,
    /is 3600 s away from the clock \(max_clock_skew_s = 300\)/,
  ],
  instance: [
    `class Point { constructor(public x: number) {} } return this.makeEvent("e", { p: new Point(1) } as never);`,
    /event\.data\.p is a Point object, not plain JSON/,
  ],
  map: [
    `return this.makeEvent("e", { m: new Map([[1, 2]]) });`,
    /event\.data\.m is a Map object, not plain JSON/,
  ],
};

Deno.test("rejected payloads: what a plugin emits through its worker is checked, with a message saying what was wrong", async () => {
  await using dir = await tempDir();
  const files: Record<string, string> = {};
  let config = "";
  for (const [name, [body]] of Object.entries(CASES)) {
    files[`${name}.ts`] = `import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";
export default class P extends BaseMonitor {
  static override spec: PluginSpec = { label: "${name}" };
  override emitEvent(): Event { ${body} }
}
`;
    config += `[plugins.${name}]\n`;
  }
  await writeFiles(dir.path, files);
  await using host = await hostFor(dir.path, config);
  for (const [name, [, expected]] of Object.entries(CASES)) {
    const spec = {
      label: name,
      dataHeader: null,
      resetsCooldown: true,
      infrequent: false,
      pollIntervalS: 5,
    };
    const limits = { maxEventBytes: 65_536, maxSkewMs: 300_000, nowMs: Date.now() };
    await assert.rejects(
      (async () => validateEvent(await firstPoll(host, name), spec, limits))(),
      expected,
      name,
    );
  }
});

Deno.test("rejected payloads: labels and headers can never name a file; a good event at the limits passes", () => {
  const spec = {
    label: "ok",
    dataHeader: "d",
    resetsCooldown: true,
    infrequent: false,
    pollIntervalS: 5,
  };
  const limits = { maxEventBytes: 300, maxSkewMs: 1000, nowMs: 1_000_000 };
  const event = {
    timestamp: new Date(1_000_999),
    label: "ok",
    event: "x".repeat(200),
    data: { d: 1 },
  };
  assert.ok(validateEvent(event, spec, limits));
  assert.throws(
    () => validateEvent({ ...event, label: "../../etc" }, spec, limits),
    /event\.label must be "ok"/,
  );
});
