import assert from "node:assert/strict";
import { numberFlag, parseCommandArgs } from "../../src/cli/args.ts";
import { takePermissionFlags } from "../../src/cli/permission_flags.ts";
import { UsageError } from "../../src/errors.ts";

const OPTIONS = {
  config: { type: "string", short: "c", value: "FILE" },
  once: { type: "boolean" },
  watch: { type: "string", multiple: true, value: "DIR" },
  cooldown: { type: "string", value: "S" },
} as const;

/** The message of the usage error `fn` throws. */
function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof UsageError, String(err));
    assert.equal(err.exitCode, 2);
    return err.message;
  }
  throw new Error("no error thrown");
}

Deno.test("args: long, short, inline and repeated options; positionals up to the names given", () => {
  const { values, positionals } = parseCommandArgs(
    "plugin test",
    ["-c", "a.toml", "--once", "--watch=x", "--watch", "y", "notes", "--cooldown", "-1"],
    OPTIONS,
    ["FILE"],
  );
  assert.deepEqual(values, { config: "a.toml", once: true, watch: ["x", "y"], cooldown: "-1" });
  assert.deepEqual(positionals, ["notes"]);
  assert.equal(parseCommandArgs("m", ["-ca.toml"], OPTIONS).values.config, "a.toml");
  assert.equal(parseCommandArgs("m", ["-c=a.toml"], OPTIONS).values.config, "a.toml");
  assert.deepEqual(parseCommandArgs("m", ["--", "--once"], OPTIONS, ["X"]).positionals, [
    "--once",
  ]);
});

Deno.test("args: every mistake is one line naming the option, why, and the command's help", () => {
  const cases: [string[], string][] = [
    [["--onse"], "mimolo monitor: unknown option --onse (did you mean --once?)"],
    [["--frobnicate"], "mimolo monitor: unknown option --frobnicate (see"],
    [["-x"], "mimolo monitor: unknown option -x (see"],
    [["--config"], "mimolo monitor: --config needs a value (FILE)"],
    [["-c", "--once"], "mimolo monitor: -c needs a value (FILE)"],
    [["--once=yes"], 'mimolo monitor: --once takes no value (got "--once=yes")'],
    [["-c", "a", "-c", "b"], "mimolo monitor: -c is given twice"],
    [["stray"], 'mimolo monitor: unexpected argument "stray" (it takes no arguments)'],
  ];
  for (const [args, start] of cases) {
    const message = usage(() => parseCommandArgs("monitor", args, OPTIONS));
    assert.ok(message.startsWith(start), `${args.join(" ")}: ${message}`);
    assert.ok(message.endsWith("(see mimolo monitor --help)"), message);
    assert.doesNotMatch(message, /\n/);
  }
});

Deno.test("args: number flags name the command and the range", () => {
  assert.equal(numberFlag("monitor", "--timeout", "2.5", 0), 2.5);
  assert.equal(
    usage(() => numberFlag("monitor", "--timeout", "soon", 0, 10)),
    'mimolo monitor: --timeout: expected a number > 0 and at most 10, got "soon" ' +
      "(see mimolo monitor --help)",
  );
});

Deno.test("args: refused Deno flags say why", () => {
  const cases: [string, RegExp][] = [
    ["--allow-ffi", /--allow-ffi is refused: .*full access \(-A, or all = true/],
    ["--allow-ffi=/lib/x.so", /--allow-ffi is refused/],
    ["--allow-import", /--allow-import is refused: plugins may import only "@mimolo\/sdk"/],
    ["--deny-net", /--deny-net is refused: .*grant less instead/],
    ["--allow-net=", /--allow-net= needs a comma-separated list/],
  ];
  for (const [flag, pattern] of cases) {
    const message = usage(() => takePermissionFlags(["--once", flag], "plugin test"));
    assert.match(message, /^mimolo plugin test: /);
    assert.match(message, pattern);
    assert.match(message, /\(see mimolo plugin test --help\)$/);
  }
});
