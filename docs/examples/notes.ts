/** Notes: reports when a text file grows or shrinks. */
import {
  BaseMonitor,
  type ConfigDeclaration,
  type ConfigValues,
  type Event,
  type PluginSpec,
} from "@mimolo/sdk";

export default class NotesMonitor extends BaseMonitor {
  static override spec: PluginSpec = { label: "notes", dataHeader: "sizes", pollIntervalS: 2 };

  static override config = {
    file: { type: "path", default: "notes.txt", description: "The file whose size is watched." },
    min_change: {
      type: "integer",
      default: 1,
      min: 1,
      description: "Bytes a change must add or remove to count.",
    },
  } satisfies ConfigDeclaration;

  readonly options = this.config as ConfigValues<typeof NotesMonitor.config>;
  #size: number | null = null;

  // #region log
  override onStart(): void {
    this.log.info(`watching ${this.options.file}`);
  }

  override emitEvent(): Event | null {
    const size = Deno.statSync(this.options.file).size;
    const before = this.#size;
    this.#size = size;
    if (before === null || Math.abs(size - before) < this.options.min_change) return null;
    this.log.debug(`size ${before} -> ${size}`);
    return this.makeEvent("changed", { sizes: size });
  }
  // #endregion log

  /** The sizes seen in a segment, summarised. */
  static override filterMethod(sizes: number[]): { changes: number; first: number; last: number } {
    return { changes: sizes.length, first: sizes[0], last: sizes[sizes.length - 1] };
  }
}
