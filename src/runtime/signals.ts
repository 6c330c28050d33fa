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
