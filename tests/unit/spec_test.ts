import assert from "node:assert/strict";
import { BaseMonitor, type Event } from "@mimolo/sdk";
import { PluginLoadError } from "../../src/errors.ts";
import { metaOf, monitorClassOf, resolveSpec } from "../../src/plugins/spec.ts";

Deno.test("spec: defaults are filled in", () => {
  assert.deepEqual(resolveSpec({ label: "mine" }, "mine.ts"), {
    label: "mine",
    dataHeader: null,
    resetsCooldown: true,
    infrequent: false,
    pollIntervalS: 5,
  });
});

Deno.test("spec: invalid fields are rejected naming the file, plugin and field", () => {
  const cases: [unknown, RegExp][] = [
    [{ label: "9x" }, /f\.ts: plugin 9x: spec\.label must be an identifier/],
    [{ label: "a-b" }, /spec\.label must be an identifier/],
    [{}, /f\.ts: plugin Cls: spec\.label/],
    [
      { label: "ok", pollIntervalS: 0 },
      /plugin ok: spec\.pollIntervalS must be a number > 0 and at most 2073600 \(24 days\), got 0/,
    ],
    [{ label: "ok", pollIntervalS: -1 }, /spec\.pollIntervalS/],
    [{ label: "ok", pollIntervalS: "5" }, /spec\.pollIntervalS/],
    // Beyond a timer's range (2^31 ms): Deno would poll every millisecond instead.
    [
      { label: "ok", pollIntervalS: 3e6 },
      /spec\.pollIntervalS must be .*at most 2073600 \(24 days\)/,
    ],
    [{ label: "ok", dataHeader: "" }, /plugin ok: spec\.dataHeader must be a non-empty string/],
    [
      { label: "ok", resetsCooldown: "yes" },
      /plugin ok: spec\.resetsCooldown must be true or false/,
    ],
    [{ label: "ok", infrequent: 1 }, /plugin ok: spec\.infrequent must be true or false/],
    [undefined, /f\.ts: plugin Cls: spec\. is missing/],
  ];
  for (const [spec, expected] of cases) {
    assert.throws(() => resolveSpec(spec, "f.ts", "Cls"), (err: Error) => {
      assert.ok(err instanceof PluginLoadError);
      assert.match(err.message, expected);
      return true;
    }, JSON.stringify(spec));
  }
});

Deno.test("spec: the default export must be a monitor class", () => {
  class Good extends BaseMonitor {
    override emitEvent(): Event | null {
      return null;
    }
  }
  assert.equal(monitorClassOf({ default: Good }, "g.ts"), Good);
  assert.throws(() => monitorClassOf({}, "n.ts"), /n\.ts: no default export/);
  assert.throws(
    () => monitorClassOf({ default: class {} }, "c.ts"),
    /c\.ts: the default export is not a monitor class/,
  );
  assert.throws(() => monitorClassOf({ default: 42 }, "x.ts"), /not a monitor class/);
});

Deno.test("spec: meta keeps only string fields", () => {
  assert.deepEqual(metaOf({ version: "1.2", author: 3, description: "d" }), {
    version: "1.2",
    description: "d",
  });
  assert.deepEqual(metaOf(undefined), {});
});
