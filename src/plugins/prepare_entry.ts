/// <reference no-default-lib="true" />
/// <reference lib="deno.worker" />
/**
 * The code inside the short-lived worker that prepares plugin files
 * (read, strip types, rewrite imports: {@linkcode pluginModuleUrl}). The
 * type stripper and the import lexer load here, never in the monitor's own
 * long-lived isolate, and go away with the worker. It runs no plugin code.
 * @module
 */
import { errorMessage } from "../errors.ts";
import { dirname } from "node:path";
import { pluginModuleUrl } from "./module_loader.ts";
import type { Prepared, PrepareRequest } from "./prepare.ts";

self.onmessage = async (e: MessageEvent<PrepareRequest>) => {
  const prepared: Prepared[] = [];
  for (const { file, builtin } of e.data.files) {
    try {
      prepared.push({ url: await pluginModuleUrl(file, dirname(file), { builtin }) });
    } catch (err) {
      prepared.push({ reason: errorMessage(err) });
    }
  }
  self.postMessage(prepared);
};
