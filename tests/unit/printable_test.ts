import assert from "node:assert/strict";
import { printable } from "../../src/log/printable.ts";

Deno.test("printable: controls, separators and bidi overrides become visible escapes", () => {
  assert.equal(printable("a\nb\rc\td"), "a\\nb\\rc\\td");
  assert.equal(printable("\x1b[2J\x00\x07\x7f\x9b"), "\\u001b[2J\\u0000\\u0007\\u007f\\u009b");
  assert.equal(printable("x\u2028y\u2029z"), "x\\u2028y\\u2029z");
  assert.equal(
    printable("\u202eevil\u202c \u2066i\u2069 \u200f\u061c"),
    "\\u202eevil\\u202c \\u2066i\\u2069 \\u200f\\u061c",
  );
});

Deno.test("printable: ordinary text is unchanged, backslashes and all", () => {
  const text = String.raw`C:\Users\me — naïve 日本語 | "quoted" {"a":1} 🙂`;
  assert.equal(printable(text), text);
});
