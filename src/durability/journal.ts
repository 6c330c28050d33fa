import { dirname, join } from "node:path";
import { errorMessage } from "../errors.ts";
import type { Logger } from "../log/logger.ts";
import { type JournalEntry, parseJournal } from "./journal_entry.ts";
import { isSameFile } from "./same_file.ts";

/** The journal folder inside the log folder. */
export const JOURNAL_DIR = ".journal";

const encoder = new TextEncoder();

/** Reports a failing journal once, and its recovery once. */
class FailureReporter {
  #failing = false;
  constructor(readonly log: Logger) {}
  failed(what: string, err: unknown): void {
    if (this.#failing) return;
    this.#failing = true;
    this.log.error(
      `cannot write the segment journal (${what}: ${errorMessage(err)}); ` +
        "keeping events in memory and retrying with every event",
    );
  }
  succeeded(): void {
    if (!this.#failing) return;
    this.#failing = false;
    this.log.info("segment journal writes recovered");
  }
}

/**
 * The journal of one segment: an append-only file of accepted events, each
 * written (one `write`, so it survives the process being killed) before the
 * event counts as accepted, and forced to disk at most `fsyncMs` later. If
 * the disk refuses, entries wait in memory and are written, in order, once
 * it accepts again.
 *
 * @example
 * ```ts
 * const file = new JournalFile("/logs/.journal/segment-1.jsonl", 1000, reporter);
 * file.append(entry);
 * ```
 */
export class JournalFile {
  readonly path: string;
  readonly #fsyncMs: number;
  readonly #report: FailureReporter;
  #file: Deno.FsFile | null = null;
  /** The file's length after its last whole entry: a failed write is cut back to it. */
  #length = 0;
  /** A failed write left a fragment that could not be cut off yet. */
  #torn = false;
  #waiting: JournalEntry[] = [];
  #syncTimer: ReturnType<typeof setTimeout> | null = null;

  readonly #onRemove: (file: JournalFile) => void;

  constructor(
    path: string,
    fsyncMs: number,
    report: FailureReporter,
    onRemove: (file: JournalFile) => void = () => {},
  ) {
    this.path = path;
    this.#fsyncMs = fsyncMs;
    this.#report = report;
    this.#onRemove = onRemove;
  }

  /** Writes the entry (after any still waiting) or keeps it in memory if the disk refuses. */
  append(entry: JournalEntry): void {
    this.#waiting.push(entry);
    this.#flush();
  }

  /**
   * If the journal's file was removed while open (its log folder deleted),
   * writes its entries again at its path (kept in memory until that works).
   * Returns how many entries were saved, or `null` if nothing was missing.
   */
  restoreIfMissing(): number | null {
    if (this.#file === null || isSameFile(this.#file, this.path)) return null;
    const saved = this.#readOpen();
    this.#file.close();
    this.#file = null;
    this.#torn = false;
    this.#waiting = [...saved, ...this.#waiting];
    try {
      Deno.mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    } catch (err) {
      this.#report.failed(dirname(this.path), err);
    }
    this.#flush();
    return saved.length;
  }

  /** Writes the entries waiting in memory, in order, or keeps them there if the disk refuses. */
  #flush(): void {
    try {
      const file = this.#open();
      if (this.#torn) file.truncateSync(this.#length);
      this.#torn = false;
      while (this.#waiting.length > 0) {
        // A leading newline keeps a torn last line left by a crash on a line of its own.
        const bytes = encoder.encode("\n" + JSON.stringify(this.#waiting[0]));
        this.#writeWhole(file, bytes);
        this.#waiting.shift();
      }
      this.#report.succeeded();
    } catch (err) {
      this.#report.failed(this.path, err);
      return;
    }
    this.#scheduleSync();
  }

  /**
   * Every entry of the segment, from disk and memory, in order. Read through
   * the open file when there is one, so a journal removed under it (its log
   * folder deleted) still gives back its values.
   */
  entries(): JournalEntry[] {
    if (this.#file) return [...this.#readOpen(), ...this.#waiting];
    let onDisk: JournalEntry[] = [];
    try {
      onDisk = parseJournal(Deno.readTextFileSync(this.path)).entries;
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
    return [...onDisk, ...this.#waiting];
  }

  /** The entries in the open file, whatever its path now names. */
  #readOpen(): JournalEntry[] {
    const file = this.#file!;
    const bytes = new Uint8Array(this.#length);
    file.seekSync(0, Deno.SeekMode.Start);
    let read = 0;
    while (read < bytes.length) {
      const n = file.readSync(bytes.subarray(read));
      if (n === null) break;
      read += n;
    }
    return parseJournal(new TextDecoder().decode(bytes.subarray(0, read))).entries;
  }

  /** Forces written entries to disk now. */
  sync(): void {
    if (this.#syncTimer !== null) clearTimeout(this.#syncTimer);
    this.#syncTimer = null;
    try {
      this.#file?.syncDataSync();
    } catch (err) {
      this.#report.failed(this.path, err);
    }
  }

  /** Closes the file (entries stay on disk for recovery). */
  close(): void {
    this.sync();
    this.#file?.close();
    this.#file = null;
  }

  /** Deletes the journal: call only once its segment is durably written. */
  async remove(): Promise<void> {
    this.close();
    this.#waiting = [];
    this.#onRemove(this);
    await Deno.remove(this.path).catch((err) => {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    });
  }

  /** Opens the file now rather than at the first append; a failure is reported and retried then. */
  open(): void {
    try {
      this.#open();
    } catch (err) {
      this.#report.failed(this.path, err);
    }
  }

  #open(): Deno.FsFile {
    if (this.#file) return this.#file;
    // Readable too: entries() reads back through it.
    const file = Deno.openSync(this.path, { read: true, append: true, create: true, mode: 0o600 });
    this.#length = file.statSync().size;
    return this.#file = file;
  }

  /** Writes one entry, or cuts the file back so a failed write (a full disk) leaves no fragment. */
  #writeWhole(file: Deno.FsFile, bytes: Uint8Array): void {
    try {
      let written = 0;
      while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
    } catch (err) {
      try {
        file.truncateSync(this.#length);
      } catch {
        this.#torn = true;
      }
      throw err;
    }
    this.#length += bytes.length;
  }

  #scheduleSync(): void {
    if (this.#fsyncMs === 0) return this.sync();
    this.#syncTimer ??= setTimeout(() => this.sync(), this.#fsyncMs);
  }
}

/**
 * Hands out one {@linkcode JournalFile} per segment in `<log_dir>/.journal/`.
 *
 * @example
 * ```ts
 * const journals = new SegmentJournals("/logs", 1000, logger("journal"));
 * const file = journals.create();
 * ```
 */
export class SegmentJournals {
  readonly dir: string;
  readonly #fsyncMs: number;
  readonly #report: FailureReporter;
  #counter = 0;
  /** Journals not yet removed, which {@linkcode restoreMissing} looks after. */
  readonly #live = new Set<JournalFile>();

  /** @param logDir the log folder; @param fsyncMs most time before an entry is forced to disk. */
  constructor(logDir: string, fsyncMs: number, log: Logger) {
    this.dir = join(logDir, JOURNAL_DIR);
    this.#fsyncMs = fsyncMs;
    this.#report = new FailureReporter(log);
  }

  /** A journal for a new segment. */
  create(): JournalFile {
    try {
      Deno.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    } catch (err) {
      this.#report.failed(this.dir, err);
    }
    const name = `segment-${Date.now()}-${Deno.pid}-${this.#counter++}.jsonl`;
    return this.adopt(join(this.dir, name));
  }

  /**
   * Continues an existing journal (a segment resumed after a restart). It is
   * opened at once, so its entries survive the folder being deleted.
   */
  adopt(path: string): JournalFile {
    const file = new JournalFile(path, this.#fsyncMs, this.#report, (f) => this.#live.delete(f));
    this.#live.add(file);
    file.open();
    return file;
  }

  /**
   * Writes again the journals of open segments whose files were removed
   * (their log folder deleted while running); returns how many entries they
   * held, or `null` if none was missing.
   */
  restoreMissing(): number | null {
    let saved: number | null = null;
    for (const file of this.#live) {
      const n = file.restoreIfMissing();
      if (n !== null) saved = (saved ?? 0) + n;
    }
    return saved;
  }
}
