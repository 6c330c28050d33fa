import { errorMessage } from "../errors.ts";
import { NO_GRANTS, workerPermissions } from "./permissions.ts";

/** The preparing worker's entry module (embedded in the compiled binary with `--include`). */
const ENTRY = new URL("./prepare_entry.ts", import.meta.url);

/** How long preparing one plugin file may take, at most. */
export const PREPARE_TIMEOUT_MS = 10_000;

/** A plugin file to prepare. */
export interface ModuleToPrepare {
  /** Its absolute path. */
  file: string;
  /** Whether it ships with MiMoLo (and may import MiMoLo's library wrappers). */
  builtin: boolean;
}

/** What the host asks the preparing worker: the plugin files, in order. */
export interface PrepareRequest {
  /** The plugin files. */
  files: ModuleToPrepare[];
}

/** One prepared plugin file: its `data:` URL, or one line saying why it cannot be loaded. */
export type Prepared = { url: string } | { reason: string };

/**
 * Prepares plugin files (read, strip types, rewrite imports into `data:`
 * URLs: `pluginModuleUrl`) in one worker that ends when they are done, so
 * the type stripper and the import lexer never stay in the monitor's own
 * isolate. The worker may read files, and nothing else; it runs no plugin
 * code. A file that cannot be prepared yields `{ reason }`.
 *
 * @example
 * ```ts
 * const [result] = await prepareModules([{ file: "/home/me/plugins/mine.ts", builtin: false }]);
 * if ("reason" in result) console.error(result.reason);
 * ```
 */
export async function prepareModules(
  files: readonly ModuleToPrepare[],
  timeoutMs: number = PREPARE_TIMEOUT_MS * Math.max(1, files.length),
): Promise<Prepared[]> {
  if (files.length === 0) return [];
  const worker = new Worker(ENTRY, {
    type: "module",
    name: "mimolo-prepare",
    deno: { permissions: workerPermissions({ ...NO_GRANTS, read: true }) },
  } as WorkerOptions);
  let timer: number | undefined;
  try {
    return await new Promise<Prepared[]>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`not prepared within ${timeoutMs / 1000}s`)),
        timeoutMs,
      );
      worker.onmessage = (e: MessageEvent<Prepared[]>) => resolve(e.data);
      worker.onerror = (e: ErrorEvent) => {
        e.preventDefault();
        reject(new Error(`the preparing worker crashed: ${e.message}`));
      };
      const request: PrepareRequest = {
        files: files.map(({ file, builtin }) => ({ file, builtin })),
      };
      worker.postMessage(request);
    });
  } catch (err) {
    const reason = errorMessage(err);
    return files.map(() => ({ reason }));
  } finally {
    clearTimeout(timer);
    worker.terminate();
  }
}
