import { errorMessage } from "../errors.ts";
import { NO_GRANTS } from "./permissions.ts";
import { PluginWorker } from "./plugin_worker.ts";
import type { Inspection } from "./worker_protocol.ts";

/** How long one plugin module may take to load and describe itself. */
export const INSPECT_TIMEOUT_MS = 10_000;

/** A module to inspect. */
export interface ModuleToInspect {
  /** The plugin file (for messages). */
  file: string;
  /** Its prepared `data:` URL. */
  url: string;
}

/**
 * Loads each plugin module in a worker with no permissions and reads its
 * spec and metadata; plugin code never runs in the host. A module that
 * throws, hangs or crashes the worker yields `{ reason }`.
 *
 * @example
 * ```ts
 * const [result] = await inspectModules([{ file, url: await pluginModuleUrl(file) }]);
 * ```
 */
export async function inspectModules(
  modules: readonly ModuleToInspect[],
  timeoutMs = INSPECT_TIMEOUT_MS,
): Promise<(Inspection | { reason: string })[]> {
  const results: (Inspection | { reason: string })[] = [];
  let worker: PluginWorker | null = null;
  try {
    for (const m of modules) {
      if (!worker?.alive) worker = new PluginWorker("mimolo-inspect", NO_GRANTS);
      try {
        results.push(
          await worker.request(
            { type: "inspect", file: m.file, url: m.url },
            timeoutMs,
          ) as Inspection,
        );
      } catch (err) {
        const reason = errorMessage(err).replace(/\n[^]*/, "");
        results.push({ reason: worker.alive ? reason : `did not load: ${reason}` });
      }
    }
  } finally {
    worker?.terminate();
  }
  return results;
}
