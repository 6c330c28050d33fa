/** First quarantine after a failure. */
export const BACKOFF_BASE_MS = 1_000;
/** A plugin that ran this long without failing starts its next failure count afresh. */
export const HEALTHY_AFTER_MS = 60_000;
/** Longest quarantine. */
export const BACKOFF_MAX_MS = 300_000;

/**
 * How long a plugin is quarantined after `failures` consecutive failures:
 * 1 s, doubling, at most 300 s.
 *
 * @example
 * ```ts
 * backoffMs(1); // 1000
 * backoffMs(3); // 4000
 * ```
 */
export function backoffMs(failures: number): number {
  if (failures <= 0) return 0;
  const exp = Math.min(failures - 1, 30);
  return Math.min(BACKOFF_BASE_MS * 2 ** exp, BACKOFF_MAX_MS);
}
