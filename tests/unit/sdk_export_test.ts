import assert from "node:assert/strict";
import { compareVersions, importSpecifiers, sdkSources } from "../../src/sdk_export/mod.ts";
import { mergeDenoJson } from "../../src/sdk_export/deno_json.ts";
import { ConfigError } from "../../src/errors.ts";

Deno.test("sdk export: the SDK's files are self-contained (relative files, @mimolo/sdk, node: only)", async () => {
  const files = await sdkSources();
  const paths = files.map((f) => f.path);
  for (const entry of ["sdk/mod.ts", "testing/mod.ts", "plugins/validate_event.ts"]) {
    assert.ok(paths.includes(entry), entry);
  }
  assert.ok(!paths.some((p) => p.startsWith("cli/") || p.includes("worker")), paths.join(", "));
  for (const { path, text } of files) {
    for (const s of importSpecifiers(text)) {
      assert.ok(s.startsWith(".") || s === "@mimolo/sdk" || s.startsWith("node:"), `${path}: ${s}`);
    }
  }
});

Deno.test("sdk export: import specifiers, type-only ones included, comments and examples skipped", () => {
  const source = `/**
 * @example
 * import x from "./not_a_dependency.ts";
 */
import type { A } from "./a.ts";
import {
  b,
  type C,
} from "../b.ts";
export { d } from "./d.ts";
export * from "@mimolo/sdk";
import "./side_effect.ts";
// import { e } from "./commented.ts";
const url = "https://example.com/x.ts";
`;
  assert.deepEqual(importSpecifiers(source), [
    "./a.ts",
    "../b.ts",
    "./d.ts",
    "@mimolo/sdk",
    "./side_effect.ts",
  ]);
});

Deno.test("sdk export: deno.json merge keeps what is there and refuses what it cannot rewrite", () => {
  const entries = { imports: { "@mimolo/sdk": "./.mimolo/sdk/sdk/mod.ts" }, exclude: ".mimolo/" };
  const fresh = mergeDenoJson(null, "deno.json", entries);
  assert.deepEqual(JSON.parse(fresh.text), { imports: entries.imports, exclude: [".mimolo/"] });
  const moved = mergeDenoJson(
    '{"imports":{"@mimolo/sdk":"./elsewhere.ts"},"lint":{}}',
    "deno.json",
    entries,
  );
  assert.deepEqual(moved.changes, [
    'imports "@mimolo/sdk" (was "./elsewhere.ts")',
    'exclude ".mimolo/"',
  ]);
  assert.deepEqual(JSON.parse(moved.text).lint, {});
  assert.deepEqual(mergeDenoJson(fresh.text, "deno.json", entries).changes, []);
  assert.throws(
    () => mergeDenoJson('{"importMap":"./map.json"}', "/p/deno.json", entries),
    (err) => err instanceof ConfigError && /uses the import map "\.\/map\.json"/.test(err.message),
  );
  assert.throws(() => mergeDenoJson("[1]", "/p/deno.json", entries), ConfigError);
});

Deno.test("sdk export: versions compare by number", () => {
  assert.ok(compareVersions("0.9.1", "0.10.0") < 0);
  assert.ok(compareVersions("1.0.0", "0.10.0") > 0);
  assert.equal(compareVersions("0.1.0", "0.1.0"), 0);
  assert.equal(compareVersions("0.1", "0.1.0"), 0);
});
