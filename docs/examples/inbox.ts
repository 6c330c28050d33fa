/**
 * Inbox: reports the files that arrive in a folder. It learns of them from
 * OS notifications, so with nextActivity() it is not polled while idle.
 */
import {
  BaseMonitor,
  type ConfigDeclaration,
  type ConfigValues,
  type Event,
  type PluginSpec,
} from "@mimolo/sdk";

export default class InboxMonitor extends BaseMonitor {
  static override spec: PluginSpec = { label: "inbox", dataHeader: "arrived", pollIntervalS: 5 };

  static override config = {
    folder: { type: "path", default: "inbox", description: "The folder to watch." },
  } satisfies ConfigDeclaration;

  readonly options = this.config as ConfigValues<typeof InboxMonitor.config>;
  #watcher: Deno.FsWatcher | null = null;
  #pending = new Set<string>();
  // #region nextActivity
  #wake: (() => void) | null = null;

  override nextActivity(): Promise<void> | null {
    if (this.#pending.size > 0) return null; // something to report: poll on time
    return new Promise((resolve) => this.#wake = resolve);
  }

  async #listen(watcher: Deno.FsWatcher): Promise<void> {
    for await (const change of watcher) {
      if (change.kind !== "create") continue;
      for (const path of change.paths) this.#pending.add(path);
      this.#wake?.(); // the next poll slot polls the plugin
    }
  }
  // #endregion nextActivity

  override onStart(): void {
    this.#watcher = Deno.watchFs(this.options.folder, { recursive: false });
    this.#listen(this.#watcher);
    this.log.info(`watching ${this.options.folder}`);
  }

  override emitEvent(): Event | null {
    if (this.#pending.size === 0) return null;
    const arrived = [...this.#pending].sort();
    this.#pending.clear();
    return this.makeEvent("arrived", { arrived });
  }

  override onStop(): void {
    this.#watcher?.close();
  }

  /** Every file that arrived during the segment, once, sorted. */
  static override filterMethod(items: string[][]): string[] {
    return [...new Set(items.flat())].sort();
  }
}
