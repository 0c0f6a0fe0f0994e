import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../functions/text/catalogue.ts';
import { CLI_CATALOGUES } from '../../functions/text/cli-catalogue.ts';
import { zhCNCli } from '../../functions/text/zh-CN/cli/index.ts';

/** Every leaf of a catalogue as `path → kind`, a function's kind carrying its arity. */
function leaves(node: unknown, path = ''): Map<string, string> {
  const found = new Map<string, string>();
  if (typeof node === 'string') found.set(path, 'string');
  else if (typeof node === 'function') found.set(path, `function/${node.length}`);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      for (const [leaf, kind] of leaves(value, path ? `${path}.${key}` : key)) found.set(leaf, kind);
    }
  } else found.set(path, typeof node);
  return found;
}

describe.each([
  { audience: 'shared (the Lambdas and the CLI)', CATALOGUES },
  { audience: 'command line (the CLI and the local runtime)', CATALOGUES: CLI_CATALOGUES },
])('the $audience text catalogues', ({ CATALOGUES }) => {
  const zh = leaves(CATALOGUES['zh-CN']);
  const en = leaves(CATALOGUES.en);

  it('have the same keys in every locale, each of the same kind', () => {
    expect([...en.keys()].filter((key) => !zh.has(key))).toEqual([]);
    expect([...zh.keys()].filter((key) => !en.has(key))).toEqual([]);
    expect([...zh].filter(([key, kind]) => en.get(key) !== kind)).toEqual([]);
  });

  it('hold only strings and functions, none of them empty', () => {
    for (const catalogue of [zh, en]) {
      expect([...catalogue].filter(([, kind]) => kind !== 'string' && !kind.startsWith('function/'))).toEqual(
        [],
      );
    }
    const empty = (catalogue: unknown) =>
      [...leaves(catalogue)].filter(([path]) => {
        const value = path
          .split('.')
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], catalogue);
        return value === '';
      });
    expect(empty(CATALOGUES['zh-CN'])).toEqual([]);
    expect(empty(CATALOGUES.en)).toEqual([]);
  });

  it('speak Chinese in the Chinese catalogue: no English sentence left untranslated', () => {
    const english = (text: string) =>
      /[A-Za-z]{3,}\s+[A-Za-z]{3,}/.test(text) && !/[\u4e00-\u9fff]/.test(text);
    const strings = (node: unknown): string[] =>
      typeof node === 'string'
        ? [node]
        : node && typeof node === 'object'
          ? Object.values(node).flatMap(strings)
          : [];
    expect(strings(CATALOGUES['zh-CN']).filter(english)).toEqual([]);
  });
});

describe('the command line catalogue', () => {
  it('adds areas of its own and replaces none of the shared ones', () => {
    // Spread over the shared catalogue: an area of the same name would hide the shared one from the CLI.
    expect(Object.keys(zhCNCli).filter((area) => Object.hasOwn(CATALOGUES['zh-CN'], area))).toEqual([]);
  });

  it('holds every shared area as it is, so the CLI and the Lambdas word the same things alike', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const [area, words] of Object.entries(CATALOGUES[locale])) {
        expect(CLI_CATALOGUES[locale][area as keyof (typeof CLI_CATALOGUES)[typeof locale]]).toBe(words);
      }
    }
  });
});
