/**
 * Dirwatch: reports the folders in which a file was added or changed since
 * the previous poll. A teaching sketch: for real use, the built-in
 * folderwatch does this with OS notifications, recursively.
 */
import { join } from "node:path";
import {
  BaseMonitor,
  type ConfigDeclaration,
  type ConfigValues,
  type Event,
  type PluginSpec,
} from "@mimolo/sdk";

export default class DirWatch extends BaseMonitor {
  static override spec: PluginSpec = {
    label: "dirwatch",
    dataHeader: "folders",
    pollIntervalS: 10,
  };

  static override config = {
    // Arrives absolute: MiMoLo resolves declared paths against the config file's folder.
    watch_dirs: { type: "path[]", default: [], description: "Folders to look in (not below)." },
  } satisfies ConfigDeclaration;

  readonly folders = (this.config as ConfigValues<typeof DirWatch.config>).watch_dirs;
  #mtimes: Map<string, number> | null = null; // file path -> last seen mtime (ms); null: first poll

  override async emitEvent(): Promise<Event | null> {
    const mtimes = new Map<string, number>();
    const changed = new Set<string>();
    for (const folder of this.folders) {
      for await (const entry of Deno.readDir(folder)) {
        if (!entry.isFile) continue;
        const path = join(folder, entry.name);
        const mtime = (await Deno.stat(path)).mtime?.getTime() ?? 0;
        if (this.#mtimes !== null && this.#mtimes.get(path) !== mtime) changed.add(folder);
        mtimes.set(path, mtime);
      }
    }
    this.#mtimes = mtimes;
    return changed.size > 0 ? this.makeEvent("file_mod", { folders: [...changed] }) : null;
  }

  /** Every folder that changed during the segment, once, sorted. */
  static override filterMethod(items: string[][]): string[] {
    return [...new Set(items.flat())].sort();
  }
}
