import { basename, dirname } from "node:path";

/** A report key before display names are settled. */
export interface KeyInfo {
  /** The key's name (a project, folder, label, host or date). */
  name: string;
  /** For projects: the project's folder; otherwise `null`. */
  root: string | null;
  /** What the key is, to tell two keys of one name apart. */
  kind: "project" | "label" | "plain";
}

/**
 * The keys a report has met, numbered in the order met, and the sorted key
 * lists that segment parts count toward, each made once and shared.
 *
 * @example
 * ```ts
 * const keys = new KeyRegistry();
 * const list = keys.list(["dir:/w/a"], (id) => ({ name: "a", root: "/w/a", kind: "project" }));
 * keys.infos[list[0]].name; // "a"
 * ```
 */
export class KeyRegistry {
  /** Each key's name and kind, by number. */
  readonly infos: KeyInfo[] = [];
  readonly #numbers = new Map<string, number>();
  readonly #lists = new Map<string, number[]>();

  /**
   * The numbers of the keys identified by `ids` (made with `info` when new),
   * without repeats, in the order of their identities (the order the 1/k
   * remainder goes in), as one shared array per distinct list.
   */
  list(ids: Iterable<string>, info: (id: string) => KeyInfo): number[] {
    const sorted = [...new Set(ids)].sort();
    const numbers = sorted.map((id) => {
      let n = this.#numbers.get(id);
      if (n === undefined) {
        n = this.infos.push(info(id)) - 1;
        this.#numbers.set(id, n);
      }
      return n;
    });
    return this.shared(numbers);
  }

  /** One shared array per distinct list of key numbers (in the order given). */
  shared(numbers: number[]): number[] {
    const signature = numbers.join(",");
    const known = this.#lists.get(signature);
    if (known !== undefined) return known;
    this.#lists.set(signature, numbers);
    return numbers;
  }
}

/**
 * Each key's display name, by number: its name, unless two keys share it
 * (two projects called `api` in different places), then the name with its
 * parent folder's name (or its whole path if that is not enough), or with
 * "(plugin)" for a label.
 *
 * @example
 * ```ts
 * displayNames([{ name: "api", root: "/work/api", kind: "project" }]); // ["api"]
 * ```
 */
export function displayNames(infos: readonly KeyInfo[]): string[] {
  const byName = new Map<string, number[]>();
  infos.forEach((info, n) => byName.set(info.name, [...(byName.get(info.name) ?? []), n]));
  const names: string[] = infos.map((info) => info.name);
  for (const [name, numbers] of byName) {
    if (numbers.length === 1) continue;
    const short = (info: KeyInfo) =>
      info.kind === "label"
        ? `${name} (plugin)`
        : info.root === null
        ? name
        : `${name} (${basename(dirname(info.root))})`;
    const shorts = numbers.map((n) => short(infos[n]));
    numbers.forEach((n, i) => {
      const unique = shorts.indexOf(shorts[i]) === shorts.lastIndexOf(shorts[i]);
      names[n] = unique || infos[n].root === null ? shorts[i] : `${name} (${infos[n].root})`;
    });
  }
  return names;
}
