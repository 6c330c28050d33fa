import assert from "node:assert/strict";
import { validateEvent } from "../../src/plugins/validate_event.ts";
import type { ResolvedSpec } from "../../src/plugins/spec.ts";

const spec: ResolvedSpec = {
  label: "mine",
  dataHeader: "items",
  resetsCooldown: true,
  infrequent: false,
  pollIntervalS: 1,
};
const good = () => ({
  timestamp: new Date(0),
  label: "mine",
  event: "found",
  data: { items: [1] },
});

Deno.test("validateEvent: null and undefined mean nothing happened", () => {
  assert.equal(validateEvent(null, spec), null);
  assert.equal(validateEvent(undefined, spec), null);
});

Deno.test("validateEvent: a good event comes back normalised", () => {
  assert.deepEqual(validateEvent(good(), spec), good());
  const noHeader = { ...spec, dataHeader: null };
  assert.deepEqual(validateEvent({ ...good(), data: undefined }, noHeader), {
    ...good(),
    data: null,
  });
});

Deno.test("validateEvent: each broken rule gives a message saying what was wrong", () => {
  const circular: Record<string, unknown> = { items: [] };
  circular.self = circular;
  const cases: [unknown, RegExp][] = [
    ["found", /must return an event object or null, got "found"/],
    [[good()], /got an array/],
    [{ ...good(), timestamp: "2025-01-01" }, /event\.timestamp must be a valid Date/],
    [
      { ...good(), timestamp: new Date(NaN) },
      /event\.timestamp must be a valid Date, got an invalid Date/,
    ],
    [{ ...good(), label: "other" }, /event\.label must be "mine", got "other"/],
    [{ ...good(), event: "" }, /event\.event must be a non-empty string/],
    [{ ...good(), event: 3 }, /event\.event must be a non-empty string, got number 3/],
    [{ ...good(), data: { other: 1 } }, /event\.data must contain the key "items"/],
    [{ ...good(), data: null }, /must contain the key "items"/],
    [{ ...good(), data: [1] }, /event\.data must be an object or null/],
    [{ ...good(), data: { items: 1n } }, /event\.data\.items is a BigInt/],
    [{ ...good(), data: { items: () => 1 } }, /event\.data\.items is a function/],
    [{ ...good(), data: { items: [Infinity] } }, /event\.data\.items\[0\] is Infinity/],
    [{ ...good(), data: { items: new Date() } }, /event\.data\.items is a Date object/],
    [{ ...good(), data: circular }, /event\.data\.self is a circular reference/],
    [{ ...good(), id: 5 }, /event\.id must be a non-empty string/],
    [{ ...good(), id: "" }, /event\.id must be a non-empty string/],
    [
      { ...good(), id: "x".repeat(20_000_000) },
      /event\.id is 20000000 characters long; at most 200/,
    ],
  ];
  for (const [value, expected] of cases) {
    assert.throws(() => validateEvent(value, spec), expected, String(expected));
  }
});

Deno.test("validateEvent: a huge value is described, never printed whole", () => {
  const huge = "x".repeat(20_000_000);
  for (
    const value of [
      { ...good(), id: huge },
      { ...good(), event: huge },
      { ...good(), label: huge },
      { ...good(), id: [huge] },
      huge,
    ]
  ) {
    assert.throws(() => validateEvent(value, spec), (err: Error) => err.message.length < 300);
  }
});
