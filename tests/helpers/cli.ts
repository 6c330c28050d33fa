import { join } from "node:path";
import { fileURLToPath } from "node:url";
import manifest from "../../deno.json" with { type: "json" };

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * The exact command of the `mimolo` task (what the compiled binary runs),
 * with `deno` replaced by this Deno and `main.ts` by its absolute path.
 */
export function mimoloCommand(args: string[]): [string, string[]] {
  // The task first has npm install the dependencies (`node scripts/npm_deps.mjs && deno run …`).
  const [deno, ...rest] = manifest.tasks.mimolo.split("&&").at(-1)!.trim().split(/\s+/);
  if (deno !== "deno") throw new Error(`unexpected mimolo task: ${manifest.tasks.mimolo}`);
  return [Deno.execPath(), [...rest.map((a) => a === "main.ts" ? `${ROOT}main.ts` : a), ...args]];
}

/** The variables every test run of `mimolo` gets, with `env` added (or overriding). */
function testEnv(cwd: string, env: Record<string, string>): Record<string, string> {
  // No user config folder and no $MIMOLO_CONFIG: a test sees only the config it wrote.
  return {
    NO_COLOR: "1",
    MIMOLO_CONFIG: "",
    XDG_CONFIG_HOME: join(cwd, ".no-user-config"),
    ...env,
  };
}

/**
 * Starts `mimolo args…` in `cwd` with piped output and no input; `env`
 * adds to (or overrides) the variables every test run gets.
 */
export function spawnMimolo(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Deno.ChildProcess {
  const [cmd, cmdArgs] = mimoloCommand(args);
  return new Deno.Command(cmd, {
    args: cmdArgs,
    cwd,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    env: testEnv(cwd, env),
  }).spawn();
}

/**
 * Starts `mimolo args…` in a pseudo-terminal (util-linux `script`, Linux):
 * its stdin, stdout and stderr are a TTY, as in a terminal window. The
 * terminal's output arrives on the child's stdout; its input is the child's
 * stdin pipe, which stays open and unwritten (nobody answers a prompt) until
 * the test closes it. The mimolo process is a descendant of the child, not
 * the child itself (`denoDescendant` in `proc.ts` finds it).
 */
export function spawnMimoloInPty(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Deno.ChildProcess {
  const [cmd, cmdArgs] = mimoloCommand(args);
  const line = [cmd, ...cmdArgs].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(" ");
  return new Deno.Command("script", {
    // -q: no banner; -f: flush at once; -e: exit with the command's code; -c: the command.
    args: ["-qfec", line, "/dev/null"],
    cwd,
    stdout: "piped",
    stderr: "piped",
    stdin: "piped",
    env: testEnv(cwd, env),
  }).spawn();
}

/** The result of a finished CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `mimolo args…` in `cwd` to completion; a run past `timeoutMs` is killed and fails the test. */
export async function runMimolo(
  args: string[],
  cwd: string,
  timeoutMs = 60_000,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const child = spawnMimolo(args, cwd, env);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const out = await child.output();
  clearTimeout(timer);
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  const result = { code: out.code, stdout: decode(out.stdout), stderr: decode(out.stderr) };
  if (timedOut) {
    throw new Error(
      `mimolo ${args.join(" ")} did not exit within ${timeoutMs} ms:\n${result.stderr}`,
    );
  }
  return result;
}

/** Runs this machine's Deno (the one MiMoLo is pinned to) in `cwd`, as a plugin author would; `out` is stdout then stderr. */
export async function runDeno(args: string[], cwd: string): Promise<{ code: number; out: string }> {
  const res = await new Deno.Command(Deno.execPath(), {
    args,
    cwd,
    stdin: "null",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  return { code: res.code, out: text.decode(res.stdout) + text.decode(res.stderr) };
}

/** A running `mimolo` whose output can be awaited line by line. */
export class LiveMimolo {
  readonly child: Deno.ChildProcess;
  stdout = "";
  stderr = "";
  readonly #done: Promise<Deno.CommandStatus>;
  /** Set once the process has exited and its output has been read. */
  exited = false;

  constructor(
    args: string[],
    cwd: string,
    env: Record<string, string> = {},
    spawn: typeof spawnMimolo = spawnMimolo,
  ) {
    this.child = spawn(args, cwd, env);
    const collect = async (stream: ReadableStream<Uint8Array>, key: "stdout" | "stderr") => {
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) this[key] += chunk;
    };
    const reading = Promise.all([
      collect(this.child.stdout, "stdout"),
      collect(this.child.stderr, "stderr"),
    ]);
    this.#done = reading.then(() => this.child.status);
    this.#done.then(() => this.exited = true);
  }

  /** Waits until stdout or stderr matches `pattern` (fails after `timeoutMs` or if the process exits first). */
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stdout + this.stderr)) {
      if (this.exited) {
        throw new Error(`mimolo exited before ${pattern}:\n${this.stdout}\n${this.stderr}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${pattern}:\n${this.stdout}\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits for the process to exit (killing it after `timeoutMs`). */
  async exit(timeoutMs = 60_000): Promise<Deno.CommandStatus> {
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    try {
      return await this.#done;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Reads every JSONL record in a log folder, in file-name order. */
export async function readJsonl(logDir: string): Promise<Record<string, unknown>[]> {
  const names = [...Deno.readDirSync(logDir)].map((e) => e.name).filter((n) => n.endsWith(".jsonl"))
    .sort();
  const records: Record<string, unknown>[] = [];
  for (const name of names) {
    const text = await Deno.readTextFile(`${logDir}/${name}`);
    for (const line of text.split("\n")) if (line !== "") records.push(JSON.parse(line));
  }
  return records;
}

/** The fields of a segment record, in the order the original writes them. */
export const SEGMENT_FIELDS = [
  "type",
  "start",
  "end",
  "duration_s",
  "labels",
  "aggregated",
  "resets_count",
  "events",
  "host",
];
