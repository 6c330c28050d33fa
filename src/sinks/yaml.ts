import { stringify } from "yaml";
import type { LogRecord } from "@mimolo/sdk";

/**
 * One YAML document per record, opened by `---` (`.yaml`; the only place
 * that knows the YAML library).
 *
 * @example
 * ```ts
 * encodeYaml({ type: "event", ... }); // "---\ntype: event\n..."
 * ```
 */
export function encodeYaml(record: LogRecord): string {
  return "---\n" + stringify(record, { lineWidth: 0 });
}
