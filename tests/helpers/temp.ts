import { join } from "node:path";

/** A temporary directory removed when disposed (`await using`). */
export async function tempDir(
  prefix = "mimolo-test-",
): Promise<{ path: string } & AsyncDisposable> {
  const path = await Deno.makeTempDir({ prefix });
  return {
    path,
    [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }).catch(() => {}),
  };
}

/** Writes files given as `relative path → content` below `dir`, creating folders. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeTextFile(path, content);
  }
}

/** A plugin module's source with the given spec and `emitEvent` body. */
export function pluginSource(
  spec: string,
  emitBody: string,
  extra = "",
): string {
  return `import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";
export default class P extends BaseMonitor {
  static override spec: PluginSpec = ${spec};
  n = 0;
  override emitEvent(): Event | null | Promise<Event | null> {
    ${emitBody}
  }
  ${extra}
}
`;
}
