import type { LogRecord } from "@mimolo/sdk";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { sleep } from "../runtime/clock.ts";
import type { Sink } from "../sinks/sink.ts";

/** First wait after a failed write; doubles up to {@linkcode RETRY_MAX_MS}. */
export const RETRY_BASE_MS = 1_000;
/** Longest wait between write attempts. */
export const RETRY_MAX_MS = 60_000;

interface Pending {
  record: LogRecord;
  written: () => void | Promise<void>;
}

/**
 * Writes records to the sink in order, one at a time. When the log folder
 * cannot be written (unwritable, disk full) nothing is dropped: records wait
 * in memory, the problem is reported once, writes are retried with backoff
 * (1 s doubling to 60 s), and everything is written when it works again.
 *
 * @example
 * ```ts
 * const outbox = new Outbox(sink, logger("sink"));
 * outbox.push(record, () => console.log("durable"));
 * ```
 */
export class Outbox {
  readonly #sink: Sink;
  readonly #log: Logger;
  readonly #queue: Pending[] = [];
  #draining: Promise<void> | null = null;
  #failures = 0;
  #hurry = new AbortController();
  #closed = false;
  readonly #retryBaseMs: number;

  /**
   * @param sink where records go; @param log where problems are reported;
   * @param retryBaseMs first wait after a failure (tests shorten it).
   */
  constructor(sink: Sink, log: Logger, retryBaseMs = RETRY_BASE_MS) {
    this.#sink = sink;
    this.#log = log;
    this.#retryBaseMs = retryBaseMs;
  }

  /** Records not yet written. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Queues a record; `written` runs once it is durably in the log. */
  push(record: LogRecord, written: () => void | Promise<void> = () => {}): void {
    this.#queue.push({ record, written });
    this.#draining ??= this.#drain().finally(() => this.#draining = null);
  }

  /**
   * Tries to write everything within `deadlineMs` (retrying at once instead
   * of waiting out the backoff); returns the records still unwritten.
   */
  async flush(deadlineMs: number): Promise<LogRecord[]> {
    const deadline = Date.now() + deadlineMs;
    // Also waits for the last record's `written` step (e.g. removing its journal).
    while ((this.#queue.length > 0 || this.#draining) && Date.now() < deadline) {
      this.#hurry.abort();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.#draining, new Promise((r) => timer = setTimeout(r, 50))]);
      clearTimeout(timer);
    }
    return this.#queue.map((p) => p.record);
  }

  /** Stops retrying (after {@linkcode flush}, at exit): nothing more is written. */
  close(): void {
    this.#closed = true;
    this.#hurry.abort();
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0 && !this.#closed) {
      const next = this.#queue[0];
      try {
        await this.#sink.write(next.record);
      } catch (err) {
        this.#failures++;
        const wait = Math.min(this.#retryBaseMs * 2 ** (this.#failures - 1), RETRY_MAX_MS);
        if (this.#failures === 1) {
          this.#log.error(
            `cannot write the log (${errorMessage(err)}); keeping records in memory and ` +
              "retrying with backoff until it works",
          );
        }
        if (this.#hurry.signal.aborted) this.#hurry = new AbortController();
        await sleep(wait, this.#hurry.signal);
        continue;
      }
      this.#queue.shift();
      if (this.#failures > 0) {
        this.#log.info(`log writes recovered after ${this.#failures} failed attempt(s)`);
        this.#failures = 0;
      }
      try {
        await next.written();
      } catch (err) {
        this.#log.warn(`after writing a ${next.record.type} record: ${errorMessage(err)}`);
      }
    }
  }
}
