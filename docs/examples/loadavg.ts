/**
 * Loadavg: samples the 1-minute load average from /proc/loadavg (Linux).
 * Deno opens /proc only with full access: [plugins.loadavg.permissions]
 * all = true.
 */
import { BaseMonitor, type Event, type PluginSpec } from "@mimolo/sdk";

export default class LoadAvg extends BaseMonitor {
  static override spec: PluginSpec = {
    label: "loadavg",
    dataHeader: "load",
    resetsCooldown: false, // a busy machine alone is not you working
    pollIntervalS: 10,
  };

  override async emitEvent(): Promise<Event | null> {
    const [oneMinute] = (await Deno.readTextFile("/proc/loadavg")).split(" ");
    return this.makeEvent("sample", { load: Number(oneMinute) });
  }

  /** The highest and the mean load of a segment. */
  static override filterMethod(loads: number[]): { max: number; mean: number } {
    const mean = loads.reduce((sum, load) => sum + load, 0) / loads.length;
    return { max: Math.max(...loads), mean: Math.round(mean * 100) / 100 };
  }
}
