import { type Config, describeConfigSource } from "../config/mod.ts";
import type { DiscoveredPlugin, PluginCatalog } from "../plugins/discover.ts";
import { ConfigError } from "../errors.ts";
import { describeGrants, type Grants, mergeGrants, NO_GRANTS } from "../plugins/permissions.ts";
import { checkConfiguredLabels, register, type RegisteredPlugin } from "../plugins/registry.ts";
import { printable } from "../log/printable.ts";
import { parseCommandArgs } from "./args.ts";
import { REGISTER_HELP } from "./help.ts";
import { configLines } from "./plugin_config_text.ts";
import type { Output } from "./output.ts";
import { takePermissionFlags } from "./permission_flags.ts";
import { loadSetup } from "./setup.ts";
import { staleSdkWarnings } from "../sdk_export/mod.ts";

/**
 * `mimolo register`: lists every plugin found with its effective spec and
 * grants, then every broken file with its reason; exits 3 when a file is
 * broken.
 *
 * @example
 * ```ts
 * await registerCommand(["--json", "--allow-read"], stdio);
 * ```
 */
export async function registerCommand(args: string[], io: Output): Promise<number> {
  const { grants, rest } = takePermissionFlags(args, "register");
  const { values } = parseCommandArgs("register", rest, {
    config: { type: "string", short: "c", value: "FILE" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.out(REGISTER_HELP);
    return 0;
  }
  const { config, catalog } = await loadSetup(values.config);
  const plugins = catalog.plugins.map((p) => describe(p, catalog, config, grants));
  const sdkWarnings = await staleSdkWarnings(config.monitor.pluginDirs);
  if (values.json) {
    const listing = {
      config: config.source,
      config_origin: config.origin,
      plugins: plugins.map(({ plugin: _, written: __, ...json }) => json),
      broken: catalog.broken,
      missing_dirs: catalog.missingDirs,
      sdk_warnings: sdkWarnings,
    };
    io.out(JSON.stringify(listing, null, 2));
  } else {
    // Specs, metadata and reasons are plugins' text.
    const text: Output = { out: (line) => io.out(printable(line)), err: io.err };
    text.out(describeConfigSource(config));
    for (const p of plugins) printPlugin(p, text);
    for (const b of catalog.broken) text.out(`BROKEN  ${b.file}: ${b.reason}`);
    for (const d of catalog.missingDirs) text.out(`MISSING plugin folder ${d}`);
    for (const w of sdkWarnings) text.out(`OLD SDK ${w}`);
  }
  checkConfiguredLabels(catalog, config);
  const invalid = plugins.find((p) => p.config_error !== undefined);
  if (invalid) throw new ConfigError(invalid.config_error!);
  return catalog.broken.length > 0 ? 3 : 0;
}

function describe(p: DiscoveredPlugin, catalog: PluginCatalog, config: Config, cliGrants: Grants) {
  const section = config.plugins[p.spec.label];
  const status = section === undefined
    ? "no config section"
    : section.enabled
    ? "enabled"
    : "disabled";
  let registered: RegisteredPlugin | null = null;
  let configError: string | undefined;
  try {
    registered = register(p, config, cliGrants);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    configError = err.message;
  }
  return {
    plugin: p,
    written: section?.custom ?? {},
    label: p.spec.label,
    file: p.file,
    builtin: p.builtin,
    status,
    spec: registered?.effective ?? p.spec,
    grants: describeGrants(
      registered?.grants ?? mergeGrants(cliGrants, section?.permissions ?? NO_GRANTS),
    ),
    meta: p.meta,
    config: registered?.custom ?? {},
    config_declaration: p.configDeclaration,
    config_error: configError,
    requires: p.requires,
    required_by: catalog.plugins.filter((o) => o.requires.includes(p.spec.label)).map((o) =>
      o.spec.label
    ),
  };
}

function printPlugin(p: ReturnType<typeof describe>, io: Output): void {
  io.out(`${p.label}  [${p.status}]  ${p.file}`);
  io.out(
    `    dataHeader=${p.spec.dataHeader ?? "-"} resetsCooldown=${p.spec.resetsCooldown} ` +
      `infrequent=${p.spec.infrequent} pollIntervalS=${p.spec.pollIntervalS}`,
  );
  io.out(`    grants: ${p.grants}`);
  if (p.requires.length > 0) io.out(`    requires: ${p.requires.join(", ")}`);
  if (p.required_by.length > 0) io.out(`    required by: ${p.required_by.join(", ")}`);
  const meta = [p.meta.version && `v${p.meta.version}`, p.meta.author && `by ${p.meta.author}`]
    .filter(Boolean).join(" ");
  if (meta || p.meta.description) {
    io.out(`    ${[meta, p.meta.description].filter(Boolean).join(" — ")}`);
  }
  if (p.config_error !== undefined) io.out(`    config: error: ${p.config_error}`);
  else for (const line of configLines(p.plugin, p.config, p.written)) io.out(`    ${line}`);
}
