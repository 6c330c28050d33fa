/**
 * `mimolo sdk export`: copies the SDK this executable runs plugins with into
 * a plugin folder, version-stamped, with a `deno.json` import map, so that
 * `deno check`, `deno test` and editors resolve `"@mimolo/sdk"` there as the
 * monitor does.
 * @module
 */
import { join } from "node:path";
import { ConfigError, errorMessage, MimoloError } from "../errors.ts";
import { DENO_PIN, VERSION } from "../version.ts";
import { mergeDenoJson } from "./deno_json.ts";
import { SDK_ENTRIES, sdkSources } from "./sources.ts";

export { importSpecifiers, sdkSources } from "./sources.ts";

/** Where in a plugin folder the SDK goes. */
export const SDK_FOLDER = ".mimolo/sdk";

/** The stamp file inside {@linkcode SDK_FOLDER}. */
export const STAMP_FILE = "mimolo_sdk.json";

/** What an export wrote. */
export interface SdkExport {
  /** The folder the SDK's files went to. */
  folder: string;
  /** How many files. */
  files: number;
  /** The `deno.json` written or updated. */
  denoJson: string;
  /** What changed in it (empty: it already had every entry). */
  changes: string[];
}

/** The stamp an export leaves: which MiMoLo (and Deno) it came from. */
export interface SdkStamp {
  /** MiMoLo's version. */
  mimolo: string;
  /** The Deno release MiMoLo runs on. */
  deno: string;
  /** The files, below the SDK folder. */
  files: string[];
}

/**
 * Writes the SDK into `dir` (replacing an earlier export) and merges the
 * import map into `dir/deno.json`, never dropping what else is in it.
 *
 * @example
 * ```ts
 * const done = await exportSdk("/home/me/.config/mimolo/plugins");
 * ```
 */
export async function exportSdk(dir: string): Promise<SdkExport> {
  const folder = join(dir, SDK_FOLDER);
  const denoJson = join(dir, "deno.json");
  const sources = await sdkSources();
  const current = await readText(denoJson);
  const merged = mergeDenoJson(current, denoJson, {
    imports: Object.fromEntries(
      Object.entries(SDK_ENTRIES).map((
        [specifier, path],
      ) => [specifier, `./${SDK_FOLDER}/${path}`]),
    ),
    exclude: `${SDK_FOLDER.split("/")[0]}/`,
  });
  if (await exists(folder) && await readStamp(dir) === null) {
    throw new ConfigError(
      `${folder} exists but was not written by mimolo sdk export (no ${STAMP_FILE}); ` +
        "move it away and export again",
    );
  }
  try {
    await Deno.remove(folder, { recursive: true }).catch((err) => {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    });
    for (const { path, text } of sources) {
      const file = join(folder, path);
      await Deno.mkdir(join(file, ".."), { recursive: true });
      await Deno.writeTextFile(file, text);
    }
    const stamp: SdkStamp = { mimolo: VERSION, deno: DENO_PIN, files: sources.map((s) => s.path) };
    await Deno.writeTextFile(join(folder, STAMP_FILE), JSON.stringify(stamp, null, 2) + "\n");
    if (merged.changes.length > 0 || current === null) {
      await Deno.writeTextFile(denoJson, merged.text);
    }
  } catch (err) {
    throw new MimoloError(`cannot write the SDK into ${dir}: ${errorMessage(err)}`);
  }
  return { folder, files: sources.length, denoJson, changes: merged.changes };
}

/**
 * The stamp of the SDK exported into `dir`, or `null` when there is none
 * (or it cannot be read).
 *
 * @example
 * ```ts
 * (await readStamp("./plugins"))?.mimolo; // "0.1.0"
 * ```
 */
export async function readStamp(dir: string): Promise<SdkStamp | null> {
  const text = await readText(join(dir, SDK_FOLDER, STAMP_FILE));
  if (text === null) return null;
  try {
    const stamp = JSON.parse(text);
    return typeof stamp?.mimolo === "string" ? stamp as SdkStamp : null;
  } catch {
    return null;
  }
}

/**
 * One warning per plugin folder whose exported SDK is older than this
 * MiMoLo (its types and testing helpers may no longer match the runtime).
 *
 * @example
 * ```ts
 * for (const w of await staleSdkWarnings(config.monitor.pluginDirs)) log.warn(w);
 * ```
 */
export async function staleSdkWarnings(dirs: readonly string[]): Promise<string[]> {
  const warnings: string[] = [];
  for (const dir of new Set(dirs)) {
    const stamp = await readStamp(dir);
    if (stamp === null || compareVersions(stamp.mimolo, VERSION) >= 0) continue;
    warnings.push(
      `plugin folder ${dir} has the SDK of mimolo ${stamp.mimolo}, older than this mimolo ` +
        `${VERSION}: update it with "mimolo sdk export ${dir}"`,
    );
  }
  return warnings;
}

/**
 * Compares dotted version numbers (`0.10.0` after `0.9.1`): negative when
 * `a` is older, 0 when equal, positive when newer.
 *
 * @example
 * ```ts
 * compareVersions("0.9.1", "0.10.0"); // < 0
 * ```
 */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.+-]/).map((p) => Number.parseInt(p, 10) || 0);
  const [pa, pb] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
