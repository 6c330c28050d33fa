import manifest from "../deno.json" with { type: "json" };

/** MiMoLo's version, from `deno.json`. */
export const VERSION: string = manifest.version;

/**
 * The Deno release MiMoLo is built, tested and shipped with. From 2.7.6
 * through at least 2.9.6, `Worker.terminate()` no longer stops a worker that
 * is busy in JavaScript (denoland/deno#32617 removed the forced isolate
 * termination), so a plugin stuck in a loop would keep a core busy forever;
 * 2.7.5 still kills it. README, "Why Deno 2.7.5".
 */
export const DENO_PIN = "2.7.5";

/**
 * The warning for a monitor run on a Deno other than {@link DENO_PIN} (say,
 * `deno run main.ts` with the Deno a user happens to have), or nothing. On
 * such a runtime a hung plugin may keep running after it is "terminated".
 */
export function runtimeWarning(running: string = Deno.version.deno): string | null {
  if (running === DENO_PIN) return null;
  return `running on Deno ${running}, not ${DENO_PIN}, which MiMoLo is tested and shipped with: ` +
    `on other releases a hung plugin may keep a core busy after it is terminated ` +
    `(README, "Why Deno ${DENO_PIN}"); run npx -y deno@${DENO_PIN} or the mimolo executable`;
}

/**
 * The Deno runtime flags MiMoLo runs with: the `mimolo` task's, baked into
 * the compiled executable, and used by a service installed under `deno run`
 * (a unit test checks that all three agree).
 */
export const RUNTIME_FLAGS: readonly string[] = [
  "--allow-all",
  "--no-prompt",
  "--unstable-worker-options",
];
