/** My custom monitor plugin: reports the items it detects. */
import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";

export default class MyMonitor extends BaseMonitor {
  static override spec: PluginSpec = {
    label: "mymonitor", // unique identifier; also the [plugins.mymonitor] section name
    dataHeader: "items", // key in event.data whose values are aggregated
    resetsCooldown: true, // events open a segment and restart its cooldown
    infrequent: false, // false: events take part in segments
    pollIntervalS: 5, // seconds between emitEvent() calls
  };

  #polls = 0;

  override emitEvent(): Event | null {
    const found = this.detect(); // your detection logic
    if (found.length === 0) return null;
    return this.makeEvent("event_type", { items: found });
  }

  /** Aggregates the collected values when a segment closes: flatten, de-duplicate, sort. */
  static override filterMethod(items: string[][]): string[] {
    return [...new Set(items.flat())].sort();
  }

  /** Stands in for real detection: finds something on every other poll. */
  detect(): string[] {
    this.#polls++;
    return this.#polls % 2 === 1 ? [`item_${this.#polls}`] : [];
  }
}
