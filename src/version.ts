import manifest from "../deno.json" with { type: "json" };

/** MiMoLo's version, from `deno.json`. */
export const VERSION: string = manifest.version;
