/**
 * Describes the first part of `value` that would not survive a JSON round
 * trip (function, BigInt, symbol, undefined, non-finite number, cycle,
 * non-plain object), or returns `null` when it is plain JSON.
 *
 * @example
 * ```ts
 * jsonProblem({ a: [1, 2n] }, "data"); // "data.a[1] is a BigInt"
 * ```
 */
export function jsonProblem(value: unknown, path: string): string | null {
  return check(value, path, new Set());
}

function check(value: unknown, path: string, seen: Set<object>): string | null {
  switch (typeof value) {
    case "string":
    case "boolean":
      return null;
    case "number":
      return Number.isFinite(value) ? null : `${path} is ${value}, not a finite number`;
    case "bigint":
      return `${path} is a BigInt`;
    case "function":
      return `${path} is a function`;
    case "symbol":
      return `${path} is a symbol`;
    case "undefined":
      return `${path} is undefined`;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return `${path} is a circular reference`;
  if (Array.isArray(obj)) {
    seen.add(obj);
    for (let i = 0; i < obj.length; i++) {
      const problem = check(obj[i], `${path}[${i}]`, seen);
      if (problem) return problem;
    }
    seen.delete(obj);
    return null;
  }
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    return `${path} is a ${proto?.constructor?.name ?? "non-plain"} object, not plain JSON`;
  }
  seen.add(obj);
  for (const [key, child] of Object.entries(obj)) {
    const problem = check(child, `${path}.${key}`, seen);
    if (problem) return problem;
  }
  seen.delete(obj);
  return null;
}
