import assert from "node:assert/strict";
import {
  ALL_GRANTS,
  describeGrants,
  mergeGrants,
  NO_GRANTS,
  permissionAdvice,
  workerPermissions,
} from "../../src/plugins/permissions.ts";

Deno.test("permissions: full access wins any merge and is the host's own permissions", () => {
  const section = { ...NO_GRANTS, all: true };
  const merged = mergeGrants({ ...NO_GRANTS, read: ["/a"] }, section);
  assert.deepEqual(merged, ALL_GRANTS);
  assert.equal(workerPermissions(merged), "inherit");
  assert.equal(describeGrants(merged), "all");
  const six = { read: true, write: true, net: true, env: true, run: true, sys: true, all: false };
  const { all: _, ...kinds } = six;
  assert.deepEqual(workerPermissions(six), { ...kinds, ffi: false, import: false });
  assert.equal(describeGrants(six), "read write net env run sys");
});

Deno.test("permissions: Deno's 'Requires all access' names the full-access flag and key", () => {
  const advice = permissionAdvice(
    "loadavg",
    'Requires all access to "/proc/loadavg", run again with the --allow-all flag',
  );
  assert.match(advice!, /^missing full access \(Deno opens \/proc\/loadavg only with it\)/);
  assert.match(advice!, /"mimolo monitor --allow-all"/);
  assert.match(advice!, /\[plugins\.loadavg\.permissions\] all = true/);
  assert.match(
    permissionAdvice("x", 'Requires read access to "/x", run again with the --allow-read flag')!,
    /\[plugins\.x\.permissions\] read = \["\/x"\]/,
  );
  assert.equal(permissionAdvice("x", "something else"), null);
});
