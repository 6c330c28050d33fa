import type { Config } from "../config/mod.ts";
import type { DiscoveredPlugin } from "../plugins/discover.ts";
import { describeGrants, type Grants } from "../plugins/permissions.ts";
import { checkConfiguredLabels, register } from "../plugins/registry.ts";
import { parseCommandArgs } from "./args.ts";
import { REGISTER_HELP } from "./help.ts";
import type { Output } from "./output.ts";
import { takePermissionFlags } from "./permission_flags.ts";
import { loadSetup } from "./setup.ts";

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
  const { grants, rest } = takePermissionFlags(args);
  const { values } = parseCommandArgs("register", rest, {
    config: { type: "string", short: "c" },
    json: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) {
    io.out(REGISTER_HELP);
    return 0;
  }
  const { config, catalog } = await loadSetup(values.config);
  const plugins = catalog.plugins.map((p) => describe(p, config, grants));
  if (values.json) {
    const listing = { plugins, broken: catalog.broken, missing_dirs: catalog.missingDirs };
    io.out(JSON.stringify(listing, null, 2));
  } else {
    for (const p of plugins) printPlugin(p, io);
    for (const b of catalog.broken) io.out(`BROKEN  ${b.file}: ${b.reason}`);
    for (const d of catalog.missingDirs) io.out(`MISSING plugin folder ${d}`);
  }
  checkConfiguredLabels(catalog, config);
  return catalog.broken.length > 0 ? 3 : 0;
}

function describe(p: DiscoveredPlugin, config: Config, cliGrants: Grants) {
  const section = config.plugins[p.spec.label];
  const status = section === undefined
    ? "no config section"
    : section.enabled
    ? "enabled"
    : "disabled";
  const registered = register(p, section, cliGrants);
  return {
    label: p.spec.label,
    file: p.file,
    builtin: p.builtin,
    status,
    spec: registered.effective,
    grants: describeGrants(registered.grants),
    meta: p.meta,
  };
}

function printPlugin(p: ReturnType<typeof describe>, io: Output): void {
  io.out(`${p.label}  [${p.status}]  ${p.file}`);
  io.out(
    `    dataHeader=${p.spec.dataHeader ?? "-"} resetsCooldown=${p.spec.resetsCooldown} ` +
      `infrequent=${p.spec.infrequent} pollIntervalS=${p.spec.pollIntervalS}`,
  );
  io.out(`    grants: ${p.grants}`);
  const meta = [p.meta.version && `v${p.meta.version}`, p.meta.author && `by ${p.meta.author}`]
    .filter(Boolean).join(" ");
  if (meta || p.meta.description) {
    io.out(`    ${[meta, p.meta.description].filter(Boolean).join(" — ")}`);
  }
}
