import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import manifest from "../../deno.json" with { type: "json" };
import { blockProblems, docBlocks } from "../helpers/doc_examples.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLES = `${ROOT}docs/examples/`;
const GUIDE = `${ROOT}docs/plugins.md`;

const readExample = (name: string) => Deno.readTextFileSync(`${EXAMPLES}${name}`);

Deno.test("docs examples: every ts and toml block of docs/plugins.md is its example file", () => {
  const guide = Deno.readTextFileSync(GUIDE);
  assert.deepEqual(blockProblems(guide, readExample), []);
  const tagged = docBlocks(guide).filter((b) => b.example !== null);
  assert.ok(tagged.length >= 10, `only ${tagged.length} blocks are tied to example files`);
});

Deno.test("docs examples: every example file is shown or linked in the guide", () => {
  const guide = Deno.readTextFileSync(GUIDE);
  const files = [...Deno.readDirSync(EXAMPLES)].filter((e) => e.isFile).map((e) => e.name);
  assert.ok(files.includes("mymonitor.ts") && files.includes("mymonitor_test.ts"));
  for (const name of files) {
    assert.ok(
      guide.includes(`<!-- example: ${name}`) || guide.includes(`(examples/${name})`),
      `docs/examples/${name} is neither shown nor linked in docs/plugins.md`,
    );
  }
});

Deno.test("docs examples: task check type-checks them", () => {
  assert.match(manifest.tasks.check, /\sdocs\/examples\//);
});

Deno.test("docs examples: a block that differs, is untagged or names a missing region is reported", () => {
  const files: Record<string, string> = {
    "a.ts":
      "const a = 1;\nclass B {\n  // #region two\n  x = 2;\n  y = 3;\n  // #endregion two\n}\n",
    "a.toml": "# #region s\n[plugins.a]\nenabled = true\n# #endregion s\n",
  };
  const read = (name: string) => {
    if (!(name in files)) throw new Error(`not found: ${name}`);
    return files[name];
  };
  const guide = (...blocks: string[]) => blocks.join("\n\ntext\n\n");
  const whole =
    "<!-- example: a.ts -->\n```ts\nconst a = 1;\nclass B {\n  x = 2;\n  y = 3;\n}\n```";
  const region = "<!-- example: a.ts#two -->\n```ts\nx = 2;\ny = 3;\n```";
  const toml = "<!-- example: a.toml#s -->\n```toml\n[plugins.a]\nenabled = true\n```";
  const text = "```text\nanything\n```";
  assert.deepEqual(blockProblems(guide(whole, region, toml, text), read), []);

  assert.deepEqual(
    blockProblems(guide(whole.replace("y = 3", "y = 4"), region), read),
    ['line 2: differs from a.ts at its line 4: "  y = 4;" instead of "  y = 3;"'],
  );
  assert.deepEqual(blockProblems(region.replace("y = 3;\n", ""), read), [
    'line 2: differs from a.ts#two at its line 2: "<end>" instead of "y = 3;"',
  ]);
  assert.deepEqual(blockProblems("```toml\n[plugins.a]\n```", read), [
    "line 1: a toml block without <!-- example: FILE -->",
  ]);
  assert.deepEqual(
    blockProblems(guide(region.replace("#two", "#three"), whole.replace("a.ts", "b.ts")), read),
    ['line 2: a.ts#three: no region "three"', "line 10: b.ts: not found: b.ts"],
  );
});
