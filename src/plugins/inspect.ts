import { errorMessage } from "../errors.ts";
import { NO_GRANTS } from "./permissions.ts";
import { PluginWorker } from "./plugin_worker.ts";
import { metaOf, resolveSpec } from "./spec.ts";
import type { Inspection } from "./worker_protocol.ts";

/** How long one plugin module may take to load and describe itself. */
export const INSPECT_TIMEOUT_MS = 10_000;

/** Inspection workers running at once. */
const PARALLEL = Math.max(2, navigator.hardwareConcurrency);

/** A module to inspect. */
export interface ModuleToInspect {
  /** The plugin file (for messages). */
  file: string;
  /** Its prepared `data:` URL. */
  url: string;
}

/**
 * Loads each plugin module in a worker of its own with no permissions and
 * reads its spec and metadata; plugin code never runs in the host, and no
 * two files share a realm (one could otherwise rewrite what another
 * reports). A module that throws, hangs or crashes its worker yields
 * `{ reason }`.
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
  const results: (Inspection | { reason: string })[] = new Array(modules.length);
  let next = 0;
  const inspectRest = async () => {
    while (next < modules.length) {
      const i = next++;
      results[i] = await inspectOne(modules[i], timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, modules.length) }, inspectRest));
  return results;
}

async function inspectOne(
  m: ModuleToInspect,
  timeoutMs: number,
): Promise<Inspection | { reason: string }> {
  const worker = new PluginWorker("mimolo-inspect", NO_GRANTS);
  try {
    const request = { type: "inspect", file: m.file, url: m.url } as const;
    return checked(await worker.request(request, timeoutMs), m.file);
  } catch (err) {
    const reason = errorMessage(err).replace(/\n[^]*/, "");
    return { reason: worker.alive ? reason : `did not load: ${reason}` };
  } finally {
    worker.terminate();
  }
}

/** The worker's answer checked again here: plugin code in the worker can forge it. */
function checked(value: unknown, file: string): Inspection {
  const answer = (typeof value === "object" && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const className = typeof answer.className === "string" ? answer.className : "plugin";
  const spec = resolveSpec(answer.spec, file, className);
  // `config` and `requires` are checked by discovery (resolveConfigDeclaration, requiresOf).
  const meta = metaOf(answer.meta);
  return { className, spec, meta, config: answer.config, requires: answer.requires };
}
