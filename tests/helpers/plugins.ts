import { parseConfig } from "../../src/config/mod.ts";
import type { PluginContext } from "@mimolo/sdk";
import { discoverPlugins } from "../../src/plugins/discover.ts";
import { type Grants, NO_GRANTS } from "../../src/plugins/permissions.ts";
import { type RegisteredPlugin, selectPlugins } from "../../src/plugins/registry.ts";
import type { PluginHost } from "../../src/plugins/host.ts";
import { WorkerHost } from "../../src/plugins/worker_host.ts";

/**
 * Discovers the plugins in `dir` and registers them with `configText`
 * (written as if the config file sat in `dir`), the way `mimolo monitor` does.
 */
export async function registerFrom(
  dir: string,
  configText: string,
  cliGrants: Grants = NO_GRANTS,
): Promise<RegisteredPlugin[]> {
  const config = parseConfig(configText, `${dir}/mimolo.toml`);
  const catalog = await discoverPlugins([dir]);
  if (catalog.broken.length > 0) throw new Error(JSON.stringify(catalog.broken));
  return selectPlugins(catalog, config, cliGrants);
}

/** A worker host for plugins registered from `dir`, disposed with `await using`. */
export async function hostFor(
  dir: string,
  configText: string,
  cliGrants: Grants = NO_GRANTS,
): Promise<WorkerHost & AsyncDisposable> {
  const context: PluginContext = { configDir: dir, logDir: `${dir}/logs` };
  const host = new WorkerHost(await registerFrom(dir, configText, cliGrants), context);
  return Object.assign(host, { [Symbol.asyncDispose]: () => host.stop(1000) });
}

/**
 * A plugin's first poll through `host.run` (its loop then waits an hour;
 * stopping the host ends it). An event is granted back, as the monitor does
 * once it is journaled, so the next poll may emit again.
 */
export async function firstPoll(host: PluginHost, label: string): Promise<unknown> {
  const value = await host.run(label, 3_600_000, { event() {}, failed() {} });
  if (value !== null && value !== undefined) host.grant(label);
  return value;
}
