import { sha256Hex } from "../../src/sdk/sha256.ts";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  BaseMonitor,
  canonicalJson,
  type Event,
  eventId,
  type PluginSpec,
  withId,
} from "@mimolo/sdk";

Deno.test("sdk: canonical JSON sorts keys at every depth", () => {
  assert.equal(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }), '{"a":[2,{"c":4,"d":3}],"b":1}');
});

Deno.test("sdk: event id is 16 hex chars of SHA-256 over sorted {timestamp,label,event,data}", () => {
  const e: Event = {
    timestamp: new Date("2025-01-01T00:00:00Z"),
    label: "x",
    event: "e",
    data: { b: 1, a: 2 },
  };
  const expected = createHash("sha256")
    .update('{"data":{"a":2,"b":1},"event":"e","label":"x","timestamp":"2025-01-01T00:00:00.000Z"}')
    .digest("hex").slice(0, 16);
  assert.equal(eventId(e), expected);
  assert.equal(eventId({ ...e, data: { a: 2, b: 1 } }), expected, "key order does not matter");
  assert.notEqual(eventId({ ...e, event: "f" }), expected);
  assert.equal(eventId({ ...e, data: undefined }), eventId({ ...e, data: null }));
});

Deno.test("sdk: withId fills the id once", () => {
  const e: Event = { timestamp: new Date(0), label: "x", event: "e" };
  assert.equal(withId(e).id, eventId(e));
  assert.equal(withId({ ...e, id: "given" }).id, "given");
});

Deno.test("sdk: BaseMonitor passes config, builds events, and filters unchanged by default", () => {
  class M extends BaseMonitor {
    static override spec: PluginSpec = { label: "m" };
    override emitEvent(): Event {
      return this.makeEvent("hit", { n: 1 });
    }
  }
  const m = new M({ threshold: 3 });
  assert.deepEqual(m.config, { threshold: 3 });
  assert.equal(m.spec.label, "m");
  const before = Date.now();
  const e = m.emitEvent();
  assert.equal(e.label, "m");
  assert.equal(e.event, "hit");
  assert.ok(e.timestamp.getTime() >= before);
  const items = [[1], [2]];
  assert.equal(M.filterMethod(items), items);
});

Deno.test("sdk: the SDK's SHA-256 matches node:crypto on edge-length and random inputs", () => {
  const inputs = ["", "abc", "é€😀", ..."x".repeat(130).split("").map((_, i) => "a".repeat(i))];
  for (let i = 0; i < 50; i++) {
    inputs.push(
      String.fromCharCode(...crypto.getRandomValues(new Uint8Array(i * 7)).map((b) => b + 32)),
    );
  }
  for (const text of inputs) {
    assert.equal(
      sha256Hex(text),
      createHash("sha256").update(text).digest("hex"),
      JSON.stringify(text),
    );
  }
});
