import { transform } from "sucrase";

/**
 * Strips TypeScript syntax from a module's source, keeping line numbers so
 * stack traces point at the plugin author's lines (the only place that knows
 * the transformer).
 *
 * @example
 * ```ts
 * stripTypes("const n: number = 1;", "a.ts"); // "const n = 1;"
 * ```
 */
export function stripTypes(source: string, file: string): string {
  return transform(source, {
    transforms: ["typescript"],
    disableESTransforms: true,
    filePath: file,
  }).code;
}
