const encoder = new TextEncoder();

/** Where a command writes: stdout for results, stderr for problems. */
export interface Output {
  /** Writes one line of results. */
  out(line: string): void;
  /** Writes one line about a problem. */
  err(line: string): void;
  /**
   * The same streams for a long-running command, written without ever
   * blocking it (see {@linkcode QueuedOutput}); absent where writes cannot
   * block (an in-memory output).
   */
  nonBlocking?(): QueuedOutput;
}

/** A stream as MiMoLo writes it: Deno's stdout or stderr. */
type Stream = Pick<typeof Deno.stdout, "write" | "writeSync">;

/**
 * The process's real stdout and stderr, written synchronously: a command's
 * whole output is written, however slowly it is read, and nothing is lost
 * when the process exits right after. A closed stream (`mimolo register |
 * head`) is dropped, never fatal.
 *
 * @example
 * ```ts
 * stdio.out("hello");
 * ```
 */
export const stdio: Output = {
  out: (line) => writeAllSync(Deno.stdout, line),
  err: (line) => writeAllSync(Deno.stderr, line),
  nonBlocking: () => queuedStdio ??= new QueuedOutput(Deno.stdout, Deno.stderr),
};
let queuedStdio: QueuedOutput | undefined;

const closed = new Set<Stream>();

function writeAllSync(stream: Stream, line: string): void {
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

/** Most text (UTF-16 units) waiting for one stream; lines beyond it are dropped and counted. */
export const QUEUE_LIMIT = 1024 * 1024;

/** At exit, how long a stream may take no bytes before what is left for it is given up. */
export const FLUSH_STALL_MS = 2000;

/**
 * stdout and stderr for the monitor, whose console must never hold up
 * durability: a line is queued and written asynchronously, so a reader that
 * stops reading (a pipe nobody drains, a paused terminal) never blocks the
 * event loop, the journal or signal handling. While a stream is stuck, up
 * to {@linkcode QUEUE_LIMIT} of text waits; later lines are dropped and
 * counted, which is said once on the other stream when it starts, on the
 * stream itself when it drains, and in the end by {@linkcode flush}.
 *
 * @example
 * ```ts
 * const io = stdio.nonBlocking!();
 * io.out("[EVENT] …");
 * await io.flush();
 * ```
 */
export class QueuedOutput implements Output {
  readonly #out: QueuedStream;
  readonly #err: QueuedStream;

  /** @param stdout where results go; @param stderr where problems go; @param limit see {@linkcode QUEUE_LIMIT}. */
  constructor(stdout: Stream, stderr: Stream, limit = QUEUE_LIMIT) {
    this.#out = new QueuedStream("stdout", stdout, limit, (l) => this.#err.write(l));
    this.#err = new QueuedStream("stderr", stderr, limit, (l) => this.#out.write(l));
  }

  // Properties, not methods: callers pass `io.out` and `io.err` around as plain functions.
  readonly out = (line: string): void => this.#out.write(line);
  readonly err = (line: string): void => this.#err.write(line);

  /** Lines dropped so far because a stream was not being read. */
  get dropped(): { out: number; err: number } {
    return { out: this.#out.dropped, err: this.#err.dropped };
  }

  /**
   * Resolves once everything queued is written, or once a stream has taken
   * no bytes for `stallMs` (its reader is stuck: the rest is given up, and
   * the count of lines it lost is written to the other stream).
   */
  async flush(stallMs = FLUSH_STALL_MS): Promise<void> {
    await Promise.all([this.#out.flush(stallMs), this.#err.flush(stallMs)]);
    this.#out.reportLost();
    this.#err.reportLost();
    // Only the notices are left: a stuck stream is not waited for again.
    await Promise.all([this.#out.flush(stallMs), this.#err.flush(stallMs)]);
  }
}

/** One stream's queue and the one asynchronous write in flight. */
class QueuedStream {
  /** Lines dropped so far. */
  dropped = 0;
  readonly #name: string;
  readonly #stream: Stream;
  readonly #limit: number;
  readonly #tellOther: (line: string) => void;
  #queue: string[] = [];
  #queued = 0;
  /** Lines in the write in flight. */
  #inFlight = 0;
  /** Lines dropped since the stream last drained (not yet said on it). */
  #unreported = 0;
  #writing: Promise<void> | null = null;
  #progressAt = performance.now();
  #closed = false;

  constructor(name: string, stream: Stream, limit: number, tellOther: (line: string) => void) {
    this.#name = name;
    this.#stream = stream;
    this.#limit = limit;
    this.#tellOther = tellOther;
  }

  write(line: string): void {
    if (this.#closed) return;
    if (this.#queued + line.length > this.#limit && this.#queue.length > 0) {
      if (this.dropped === 0) {
        this.#tellOther(
          `mimolo: ${this.#name} is not being read: console lines are dropped until it is ` +
            "(the journal and the logs are not affected)",
        );
      }
      this.dropped++;
      this.#unreported++;
      return;
    }
    this.#queue.push(line);
    this.#queued += line.length;
    this.#writing ??= this.#drain().finally(() => this.#writing = null);
  }

  /** Waits for the queue to drain, giving up once no byte has been taken for `stallMs`. */
  async flush(stallMs: number): Promise<void> {
    while (this.#writing && performance.now() - this.#progressAt < stallMs) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = new Promise((r) => timer = setTimeout(r, 50));
      await Promise.race([this.#writing, tick]);
      clearTimeout(timer);
    }
  }

  /** Says on the other stream how many lines this one never wrote, if any. */
  reportLost(): void {
    const lost = this.#unreported + this.#inFlight + this.#queue.length;
    if (lost === 0 || this.#closed) return;
    this.#tellOther(`mimolo: ${lost} console line(s) dropped: ${this.#name} was not being read`);
  }

  async #drain(): Promise<void> {
    this.#progressAt = performance.now();
    while (this.#queue.length > 0 && !this.#closed) {
      const text = this.#queue.join("\n") + "\n";
      this.#inFlight = this.#queue.length;
      this.#queue = [];
      this.#queued = 0;
      await this.#writeAll(encoder.encode(text));
      this.#inFlight = 0;
      if (this.#queue.length === 0 && this.#unreported > 0) {
        this.#queue.push(
          `mimolo: ${this.#unreported} line(s) dropped here: ${this.#name} was not being read`,
        );
        this.#unreported = 0;
      }
    }
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    let written = 0;
    try {
      while (written < bytes.length) {
        written += await this.#stream.write(bytes.subarray(written));
        this.#progressAt = performance.now();
      }
    } catch {
      // A closed or failing console (`mimolo monitor | head`) is dropped, never fatal.
      this.#closed = true;
      this.#queue = [];
    }
  }
}
