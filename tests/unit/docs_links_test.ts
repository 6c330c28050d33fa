import assert from "node:assert/strict";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** README.md and docs/*.md, relative to the repository. */
function markdownFiles(): string[] {
  const docs = [...Deno.readDirSync(join(ROOT, "docs"))]
    .filter((e) => e.isFile && e.name.endsWith(".md"))
    .map((e) => `docs/${e.name}`);
  return ["README.md", ...docs.sort()];
}

/** The text outside fenced code blocks. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, "");
}

/** GitHub's anchors for a document's headings (`## Full access: \`all = true\`` → `full-access-all--true`). */
function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, "").replaceAll(
      " ",
      "-",
    );
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

Deno.test("docs links: every relative link of README.md and docs/*.md reaches its file and heading", () => {
  const files = markdownFiles();
  const anchors = new Map(
    files.map((f) => [normalize(f), headingAnchors(Deno.readTextFileSync(join(ROOT, f)))]),
  );
  const broken: string[] = [];
  let checked = 0;
  for (const file of files) {
    const text = prose(Deno.readTextFileSync(join(ROOT, file)));
    for (const [, target, anchor] of text.matchAll(/\]\(([^)#\s]*)(?:#([^)\s]+))?\)/g)) {
      if (/^[a-z]+:/.test(target)) continue; // https:, mailto:
      const path = target === "" ? normalize(file) : normalize(join(dirname(file), target));
      checked++;
      try {
        Deno.statSync(join(ROOT, path));
      } catch {
        broken.push(`${file}: ${target}: no such file`);
        continue;
      }
      if (anchor !== undefined && path.endsWith(".md") && !anchors.get(path)?.has(anchor)) {
        broken.push(`${file}: ${target}#${anchor}: no such heading`);
      }
    }
  }
  assert.deepEqual(broken, []);
  assert.ok(checked > 100, `only ${checked} links checked`);
});

Deno.test("docs links: anchors follow GitHub's rule, duplicates numbered", () => {
  assert.deepEqual(
    [...headingAnchors("# A\n## Full access: `all = true`, `-A`\n## `[plugins.<label>]`\n## A\n")],
    ["a", "full-access-all--true--a", "pluginslabel", "a-1"],
  );
  assert.deepEqual([...headingAnchors("```\n# not a heading\n```\n## Real\n")], ["real"]);
});
