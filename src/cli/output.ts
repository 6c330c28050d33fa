const encoder = new TextEncoder();

/** Where a command writes: stdout for results, stderr for problems. */
export interface Output {
  /** Writes one line of results. */
  out(line: string): void;
  /** Writes one line about a problem. */
  err(line: string): void;
}

/**
 * The process's real stdout and stderr (synchronous, so nothing is lost
 * when the process exits right after).
 *
 * @example
 * ```ts
 * stdio.out("hello");
 * ```
 */
export const stdio: Output = {
  out: (line) => writeAll(Deno.stdout, line),
  err: (line) => writeAll(Deno.stderr, line),
};

const closed = new Set<typeof Deno.stdout>();

/** Writes a line; a closed stream (`mimolo monitor | head`) is dropped, never fatal. */
function writeAll(stream: typeof Deno.stdout, line: string): void {
  if (closed.has(stream)) return;
  const bytes = encoder.encode(line + "\n");
  let written = 0;
  try {
    while (written < bytes.length) written += stream.writeSync(bytes.subarray(written));
  } catch (err) {
    if (!(err instanceof Deno.errors.BrokenPipe)) throw err;
    closed.add(stream);
  }
}
