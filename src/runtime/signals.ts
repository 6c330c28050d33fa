/** The signals that ask MiMoLo to shut down on this OS. */
export function shutdownSignals(): Deno.Signal[] {
  return Deno.build.os === "windows" ? ["SIGINT", "SIGBREAK"] : ["SIGINT", "SIGTERM"];
}

/**
 * Calls `handler` on SIGINT/SIGTERM (SIGINT/SIGBREAK on Windows) until
 * disposed. The handler may run more than once (a terminal and `deno task`
 * can both forward Ctrl+C); make it idempotent.
 *
 * @example
 * ```ts
 * using _ = onShutdownSignal(() => monitor.stop());
 * ```
 */
export function onShutdownSignal(handler: (signal: Deno.Signal) => void): Disposable {
  const listeners = shutdownSignals().map((signal) => {
    const listener = () => handler(signal);
    Deno.addSignalListener(signal, listener);
    return [signal, listener] as const;
  });
  return {
    [Symbol.dispose]() {
      for (const [signal, listener] of listeners) Deno.removeSignalListener(signal, listener);
    },
  };
}

/**
 * Calls `handler` on SIGHUP (the Unix "reload your config" signal) until
 * disposed; on Windows, which has no SIGHUP, it does nothing.
 *
 * @example
 * ```ts
 * using _ = onReloadSignal(() => reloader.reload("SIGHUP"));
 * ```
 */
export function onReloadSignal(handler: () => void): Disposable {
  if (Deno.build.os === "windows") return { [Symbol.dispose]() {} };
  Deno.addSignalListener("SIGHUP", handler);
  return { [Symbol.dispose]: () => Deno.removeSignalListener("SIGHUP", handler) };
}

/**
 * Holds SIGHUP until disposed: one that arrives while the monitor starts or
 * stops, when nothing reloads, would otherwise end the process (Deno's
 * default), and a service manager counts that death as a clean exit that is
 * not restarted. {@linkcode HeldReloadSignal.take} says whether one came.
 *
 * @example
 * ```ts
 * using held = new HeldReloadSignal();
 * // … start up …
 * if (held.take()) reload();
 * ```
 */
export class HeldReloadSignal implements Disposable {
  #pending = false;
  readonly #listener = onReloadSignal(() => {
    this.#pending = true;
  });

  /** Whether a SIGHUP arrived since the last call. */
  take(): boolean {
    const pending = this.#pending;
    this.#pending = false;
    return pending;
  }

  [Symbol.dispose](): void {
    this.#listener[Symbol.dispose]();
  }
}
