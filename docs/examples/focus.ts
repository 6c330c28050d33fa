/**
 * Focus: writes a standalone event for each segment that spread over more
 * than max_folders folders. It reads the folders that folderwatch collects,
 * so it requires folderwatch.
 */
import {
  BaseMonitor,
  type ConfigDeclaration,
  type ConfigValues,
  type Event,
  type PluginMeta,
  type PluginSpec,
  type SegmentRecord,
} from "@mimolo/sdk";

export default class FocusMonitor extends BaseMonitor {
  static override spec: PluginSpec = {
    label: "focus",
    resetsCooldown: false, // its events never keep a segment open
    infrequent: true, // each event is written at once, as a standalone record
    pollIntervalS: 30,
  };

  static override meta: PluginMeta = {
    version: "1.0.0",
    author: "you",
    description: "Flags segments that spread over many folders.",
  };

  // #region requires
  static override requires = ["folderwatch"];
  // #endregion requires

  static override config = {
    max_folders: {
      type: "integer",
      default: 3,
      min: 1,
      description: "A segment in more folders than this is flagged.",
    },
  } satisfies ConfigDeclaration;

  readonly options = this.config as ConfigValues<typeof FocusMonitor.config>;
  #scattered: SegmentRecord[] = [];
  #segments = 0;
  #flagged = 0;

  override onStart(): void {
    this.log.info(`flagging segments in more than ${this.options.max_folders} folders`);
  }

  // #region onSegmentClose
  override onSegmentClose(segment: SegmentRecord): void {
    this.#segments++;
    const folders = segment.aggregated.folders;
    if (Array.isArray(folders) && folders.length > this.options.max_folders) {
      this.#scattered.push(segment);
    }
  }
  // #endregion onSegmentClose

  override emitEvent(): Event | null {
    const segment = this.#scattered.shift();
    if (segment === undefined) return null;
    this.#flagged++;
    const folders = (segment.aggregated.folders as string[]).length;
    return this.makeEvent("scattered", { start: segment.start, end: segment.end, folders });
  }

  override onStop(): void {
    this.log.info(`${this.#flagged} of ${this.#segments} segment(s) flagged`);
  }
}
