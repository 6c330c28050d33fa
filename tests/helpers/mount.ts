/**
 * Whether this process may mount (Linux, as root, with the capability): runs
 * `mount <args…> <target>` on a scratch folder (or file) and undoes it. For
 * gating tests that mount a small file system or pin a file.
 */
export function canMount(args: (target: string) => string[], target: "dir" | "file"): boolean {
  if (Deno.build.os !== "linux" || Deno.uid() !== 0) return false;
  const probe = target === "dir"
    ? Deno.makeTempDirSync({ prefix: "mimolo-mount-probe-" })
    : Deno.makeTempFileSync({ prefix: "mimolo-mount-probe-" });
  try {
    if (!new Deno.Command("mount", { args: args(probe) }).outputSync().success) return false;
    new Deno.Command("umount", { args: [probe] }).outputSync();
    return true;
  } catch {
    return false;
  } finally {
    Deno.removeSync(probe);
  }
}

/** Runs `mount` or `umount` (or any command), failing with its stderr. */
export function run(cmd: string, ...args: string[]): void {
  const out = new Deno.Command(cmd, { args, stderr: "piped" }).outputSync();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(out.stderr)}`);
  }
}
