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

function writeAll(stream: typeof Deno.stdout, line: string): void {
  const bytes = encoder.encode(line + "\n");
  let written = 0;
  while (written < bytes.length) written += stream.writeSync(bytes.subarray(written));
}
