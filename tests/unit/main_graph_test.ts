import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../main.ts", import.meta.url));

interface Dependency {
  code?: { specifier: string };
  isDynamic?: boolean;
}

/** main.ts's module graph from `deno info --json`: each module's code dependencies. */
async function mainGraph(): Promise<Map<string, Dependency[]>> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", MAIN],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const info = JSON.parse(new TextDecoder().decode(stdout)) as {
    modules: { specifier: string; dependencies?: Dependency[] }[];
  };
  return new Map(info.modules.map((m) => [m.specifier, m.dependencies ?? []]));
}

/** Every module main.ts loads: statically only, or also through `import()`. */
function reachable(graph: Map<string, Dependency[]>, withDynamic: boolean): string[] {
  const root = new URL(`file://${MAIN}`).href;
  const seen = new Set([root]);
  const todo = [root];
  while (todo.length > 0) {
    for (const dep of graph.get(todo.pop()!) ?? []) {
      const next = dep.code?.specifier;
      if (next === undefined || seen.has(next) || (dep.isDynamic && !withDynamic)) continue;
      seen.add(next);
      todo.push(next);
    }
  }
  return [...seen];
}

const inPackage = (name: string) => (specifier: string) =>
  specifier.includes(`/node_modules/${name}/`);

Deno.test("main graph: the type stripper and the import lexer never load into the monitor's isolate", async () => {
  const graph = await mainGraph();
  const all = reachable(graph, true);
  // A worker's entry is not an import, so what only the preparing worker loads is not listed.
  assert.ok(all.some((s) => s.endsWith("/src/plugins/prepare.ts")), "the graph reaches discovery");
  for (const name of ["sucrase", "es-module-lexer"]) {
    assert.deepEqual(all.filter(inPackage(name)), [], `${name} is imported by main.ts's graph`);
  }
  assert.deepEqual(all.filter((s) => s.endsWith("/src/plugins/module_loader.ts")), []);
});

Deno.test("main graph: the YAML library loads only through import(), for the yaml format", async () => {
  const graph = await mainGraph();
  assert.ok(reachable(graph, true).some(inPackage("yaml")), "yaml is reachable at all");
  assert.deepEqual(reachable(graph, false).filter(inPackage("yaml")), []);
});

Deno.test("main graph: each command's code loads only when that command runs", async () => {
  const graph = await mainGraph();
  const eager = reachable(graph, false);
  const lazy = reachable(graph, true);
  for (const folder of ["/src/cli/monitor_cmd.ts", "/src/report/", "/src/service/"]) {
    assert.ok(lazy.some((s) => s.includes(folder)), `${folder} is reachable at all`);
    assert.deepEqual(eager.filter((s) => s.includes(folder)), [], `${folder} loads at start`);
  }
});
