import { join } from "node:path";

/** A log file whose torn tail was moved aside. */
export interface Repair {
  /** The log file. */
  file: string;
  /** Where its torn tail now is. */
  sidecar: string;
  /** How many bytes were moved. */
  bytes: number;
}

/**
 * Finds daily log files that end in a torn record (a crash mid-append) and
 * moves each torn tail into a sidecar file next to it (`<file>.torn-<time>`;
 * nothing is deleted), so appending resumes after the last complete record:
 * a JSONL line ends with a newline, a YAML record ends at the next `---`.
 * Markdown files are replaced atomically and cannot be torn.
 *
 * @example
 * ```ts
 * for (const r of await repairTornLogs("/logs")) console.warn(`moved ${r.bytes} bytes to ${r.sidecar}`);
 * ```
 */
export async function repairTornLogs(logDir: string): Promise<Repair[]> {
  const repairs: Repair[] = [];
  let names: string[];
  try {
    names = (await Array.fromAsync(Deno.readDir(logDir))).filter((e) => e.isFile).map((e) =>
      e.name
    );
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return repairs;
    throw err;
  }
  for (const name of names.sort()) {
    const format = /\.mimolo\.(jsonl|yaml)$/.exec(name)?.[1];
    if (!format) continue;
    const file = join(logDir, name);
    const bytes = await Deno.readFile(file);
    const keep = format === "jsonl" ? completeJsonlLength(bytes) : completeYamlLength(bytes);
    if (keep === bytes.length) continue;
    const sidecar = `${file}.torn-${new Date().toISOString().replaceAll(":", "")}`;
    await Deno.writeFile(sidecar, bytes.subarray(keep), { mode: 0o600 });
    await Deno.truncate(file, keep);
    repairs.push({ file, sidecar, bytes: bytes.length - keep });
  }
  return repairs;
}

/** Bytes up to and including the newline of the last valid JSON line. */
function completeJsonlLength(bytes: Uint8Array): number {
  let keep = bytes.lastIndexOf(0x0a) + 1;
  while (keep > 0) {
    const lineStart = bytes.lastIndexOf(0x0a, keep - 2) + 1;
    if (isJson(bytes.subarray(lineStart, keep - 1))) break;
    keep = lineStart;
  }
  return keep;
}

/** Bytes up to the start of a last YAML document that does not end with a newline. */
function completeYamlLength(bytes: Uint8Array): number {
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return bytes.length;
  const text = new TextDecoder().decode(bytes);
  const lastDoc = text.lastIndexOf("---\n");
  return new TextEncoder().encode(text.slice(0, Math.max(lastDoc, 0))).length;
}

function isJson(line: Uint8Array): boolean {
  try {
    JSON.parse(new TextDecoder().decode(line));
    return true;
  } catch {
    return false;
  }
}
