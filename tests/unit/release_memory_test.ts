import assert from "node:assert/strict";
import { releaseFreedMemory } from "../../src/runtime/release_memory.ts";

Deno.test("release memory: on Linux with glibc, malloc_trim is called through FFI", {
  ignore: Deno.build.os !== "linux" || Deno.build.env !== "gnu",
}, () => {
  assert.equal(releaseFreedMemory(), true);
  assert.equal(releaseFreedMemory(), true, "again, with the library already open");
});

Deno.test("release memory: without FFI permission it does nothing, silently", async () => {
  const module = new URL("../../src/runtime/release_memory.ts", import.meta.url).href;
  const code = `import { releaseFreedMemory } from ${JSON.stringify(module)};\n` +
    "self.postMessage(releaseFreedMemory());";
  const worker = new Worker(`data:text/javascript,${encodeURIComponent(code)}`, {
    type: "module",
    deno: { permissions: { read: true, ffi: false } },
  } as WorkerOptions);
  try {
    const answer = await new Promise((resolve, reject) => {
      worker.onmessage = (e) => resolve(e.data);
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(e.message));
      };
    });
    assert.equal(answer, false);
  } finally {
    worker.terminate();
  }
});
