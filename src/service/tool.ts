/** One command a service manager is driven with, e.g. `systemctl --user daemon-reload`. */
export interface Step {
  /** The program, found on PATH. */
  program: string;
  /** Its arguments. */
  args: string[];
  /** A failure is expected at times (stopping what is not running) and not an error. */
  mayFail?: boolean;
}

/** What a step printed and returned; `null` when its program does not exist here. */
export type StepResult = { code: number; stdout: string; stderr: string } | null;

/**
 * Runs a step to completion with no input, capturing its output.
 *
 * @example
 * ```ts
 * const r = await runStep({ program: "systemctl", args: ["--user", "daemon-reload"] });
 * ```
 */
export async function runStep(step: Step): Promise<StepResult> {
  try {
    const out = await new Deno.Command(step.program, {
      args: step.args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b).trim();
    return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

/**
 * A step as a person would type it in a POSIX shell or PowerShell.
 *
 * @example
 * ```ts
 * showStep({ program: "systemctl", args: ["--user", "enable", "--now", "mimolo.service"] });
 * // "systemctl --user enable --now mimolo.service"
 * ```
 */
export function showStep(step: Step): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`);
  return [step.program, ...step.args].map(quote).join(" ");
}
