import { join } from "node:path";
import { describeConfigSource, loadConfigOrDefault } from "../config/mod.ts";
import { resolveUserPath } from "../config/paths.ts";
import { ConfigError, errorMessage, MimoloError, UsageError } from "../errors.ts";
import { BUILTIN_PLUGIN_DIR, discoverPlugins } from "../plugins/discover.ts";
import { exportSdk, readStamp } from "../sdk_export/mod.ts";
import { parseCommandArgs } from "./args.ts";
import { PLUGIN_HELP } from "./help.ts";
import type { Output } from "./output.ts";

const LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `mimolo plugin new NAME [--dir DIR]`: writes NAME.ts from the template and
 * its tests NAME_test.ts, exports the SDK into the folder unless it already
 * resolves "@mimolo/sdk" (merging into an existing deno.json, so `deno test`
 * there passes as generated), and prints the
 * config section to add. Refuses a label a built-in or discovered plugin
 * already has; never overwrites a file.
 *
 * @example
 * ```ts
 * await pluginNewCommand(["notes", "--dir", "./plugins"], stdio);
 * ```
 */
export async function pluginNewCommand(args: string[], io: Output): Promise<number> {
  const { values, positionals: [name] } = parseCommandArgs("plugin new", args, {
    dir: { type: "string", value: "DIR" },
    config: { type: "string", short: "c", value: "FILE" },
    help: { type: "boolean", short: "h" },
  }, ["NAME"]);
  if (values.help) {
    io.out(PLUGIN_HELP);
    return 0;
  }
  if (name === undefined) throw new UsageError("plugin new", "NAME is missing");
  if (!LABEL.test(name)) {
    throw new UsageError(
      "plugin new",
      `NAME must be a plugin label (letters, digits, _; not starting with a digit), ` +
        `got ${JSON.stringify(name)}`,
    );
  }
  const config = await loadConfigOrDefault(values.config);
  const dir = values.dir ? resolveUserPath(values.dir, Deno.cwd()) : config.monitor.pluginDirs[0];
  const { plugins } = await discoverPlugins([...config.monitor.pluginDirs, dir]);
  const taken = plugins.find((p) => p.spec.label === name);
  if (taken) {
    throw new UsageError(
      "plugin new",
      // A built-in's file is inside the executable: its path would mean nothing to the user.
      `the label "${name}" is already used by ` +
        `${taken.builtin ? "a plugin built into mimolo" : taken.file}; pick another NAME`,
    );
  }
  const file = join(dir, `${name}.ts`);
  const testFile = join(dir, `${name}_test.ts`);
  await writeNew(file, fillTemplate(await template("_template.ts"), name));
  io.out(describeConfigSource(config));
  io.out(`wrote ${file}`);
  if (await writeNew(testFile, fillTemplate(await template("_template_test.ts"), name), false)) {
    io.out(`wrote ${testFile}`);
  } else {
    io.out(`kept the existing ${testFile}`);
  }
  const sdk = await provideSdk(dir);
  if (sdk) io.out(sdk);
  io.out(`try it:  mimolo plugin test ${file}`);
  io.out(`test it: deno test (in ${dir})`);
  io.out("add this section to your mimolo.toml to enable it:");
  io.out("");
  io.out(`[plugins.${name}]`);
  io.out("enabled = true");
  return 0;
}

/**
 * Exports the SDK into `dir` unless it already resolves `"@mimolo/sdk"`
 * (an earlier export, or its own mapping in deno.json), merging into an
 * existing deno.json as `mimolo sdk export` does; returns what to tell the
 * user (`null`: nothing to do). A deno.json it must not rewrite (comments)
 * or a deno.jsonc is left alone and the line says what to add.
 */
async function provideSdk(dir: string): Promise<string | null> {
  if (await readStamp(dir) !== null) return null;
  const denoJson = join(dir, "deno.json");
  const text = await Deno.readTextFile(denoJson).catch(() => null);
  if (text === null && await exists(join(dir, "deno.jsonc"))) {
    return `to type-check and test it there: mimolo sdk export ${dir} (it writes a deno.json ` +
      `next to your deno.jsonc, which Deno then reads instead)`;
  }
  if (text !== null && mapsSdk(text)) return null;
  try {
    const done = await exportSdk(dir);
    return text === null
      ? `wrote the SDK to ${done.folder} and ${done.denoJson} (as mimolo sdk export does)`
      : `wrote the SDK to ${done.folder} and merged into ${done.denoJson}: ` +
        done.changes.join("; ");
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return `did not export the SDK: ${err.message}`;
  }
}

/** Whether a deno.json's text already maps `"@mimolo/sdk"` (to anything). */
function mapsSdk(text: string): boolean {
  try {
    return JSON.parse(text)?.imports?.["@mimolo/sdk"] !== undefined;
  } catch {
    return false;
  }
}

/**
 * The template with its label, config section, class name and file names
 * set for `name`.
 *
 * @example
 * ```ts
 * fillTemplate('label: "template"', "notes"); // 'label: "notes"'
 * ```
 */
export function fillTemplate(template: string, name: string): string {
  const className =
    name.split("_").filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join("") +
    "Monitor";
  return template
    .replaceAll('label: "template"', `label: "${name}"`)
    .replaceAll("[plugins.template]", `[plugins.${name}]`)
    .replaceAll("mimolo plugin config template", `mimolo plugin config ${name}`)
    .replaceAll("mimolo plugin test template.ts", `mimolo plugin test ${name}.ts`)
    .replaceAll('"./_template.ts"', `"./${name}.ts"`)
    .replaceAll('Deno.test("template:', `Deno.test("${name}:`)
    .replaceAll('.spec.label, "template"', `.spec.label, "${name}"`)
    .replaceAll("Tests of the template plugin", `Tests of the ${name} plugin`)
    .replaceAll("TemplateMonitor", className);
}

async function template(file: string): Promise<string> {
  return await Deno.readTextFile(join(BUILTIN_PLUGIN_DIR, file));
}

/** Writes `text` to a new file; an existing one is an error, or (`required = false`) left as it is. */
async function writeNew(file: string, text: string, required = true): Promise<boolean> {
  try {
    await Deno.mkdir(join(file, ".."), { recursive: true });
    await Deno.writeTextFile(file, text, { createNew: true });
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) {
      if (!required) return false;
      throw new ConfigError(`mimolo plugin new: ${file} already exists; not overwriting it`);
    }
    throw new MimoloError(`mimolo plugin new: cannot write ${file}: ${errorMessage(err)}`);
  }
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
