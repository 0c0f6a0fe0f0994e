import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The domain gives codes and values; functions/text words them per locale. This keeps it so: no Chinese in
 * the code of functions/core (comments may keep the Chinese names of rules as a glossary), and no text table by
 * locale (`{ 'zh-CN': …, en: … }`). The one exception is input-spellings.ts: the words people type (已完成,
 * 业务员), recognised in every language at once, which is input rather than text churn-watch says.
 */
const CORE = path.join(import.meta.dirname, '../../functions/core');
const INPUT_SPELLINGS = 'input-spellings.ts';

// CJK ideographs and CJK punctuation (、。「」). Full-width forms (，－￥) are how digits and signs are typed,
// which the parsers accept; they are not words.
const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(CORE, path.join(entry.parentPath, entry.name)));
}

/** Where a file's code (not its comments) holds Chinese or a text table by locale: `line: token`. */
function copyIn(source: string): string[] {
  const found: string[] = [];
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, source);
  const lineOf = (pos: number) => source.slice(0, pos).split('\n').length;
  let previous: { kind: ts.SyntaxKind; text: string } | undefined;
  // Braces open inside each `${…}` of the template literals being scanned, innermost last.
  const templates: number[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    // A `/` may start a regular expression; the scanner only knows when asked.
    if (kind === ts.SyntaxKind.SlashToken || kind === ts.SyntaxKind.SlashEqualsToken) {
      const regex = previous === undefined || !/[\w)\]]$/.test(previous.text);
      if (regex) kind = scanner.reScanSlashToken();
    }
    // The text after the `}` that closes a `${…}` is scanned as the template's next part only when asked.
    if (kind === ts.SyntaxKind.OpenBraceToken && templates.length > 0)
      templates.push((templates.pop() ?? 0) + 1);
    if (kind === ts.SyntaxKind.CloseBraceToken && templates.length > 0) {
      const open = templates.pop() ?? 0;
      if (open > 0) templates.push(open - 1);
      else kind = scanner.reScanTemplateToken(false);
    }
    if (kind === ts.SyntaxKind.TemplateHead || kind === ts.SyntaxKind.TemplateMiddle) templates.push(0);
    const text = scanner.getTokenText();
    if (CJK.test(text)) found.push(`${lineOf(scanner.getTokenStart())}: ${text}`);
    if (kind === ts.SyntaxKind.ColonToken && previous?.text.match(/^['"]zh-CN['"]$/)) {
      found.push(`${lineOf(scanner.getTokenStart())}: a text table by locale ('zh-CN': …)`);
    }
    previous = { kind, text };
  }
  return found;
}

describe('the domain (functions/core)', () => {
  it('holds no copy: no Chinese in its code and no text table by locale', () => {
    const copy = sourceFiles(CORE)
      .filter((file) => path.basename(file) !== INPUT_SPELLINGS)
      .flatMap((file) => copyIn(readFileSync(path.join(CORE, file), 'utf8')).map((hit) => `${file}:${hit}`));
    expect(copy).toEqual([]);
  });

  it('finds copy where there is some, in strings, templates, keys and regular expressions', () => {
    expect(copyIn("const a = '已流失';")).toHaveLength(1);
    expect(copyIn('const a = `${n} 天`;')).toHaveLength(1);
    expect(copyIn('const a = `${n} days ${m} 天`;')).toHaveLength(1);
    expect(copyIn('const a = `${f({ b: 1 })} 天`;')).toHaveLength(1);
    expect(copyIn('const a = { 已完成: 1 };')).toHaveLength(1);
    expect(copyIn('const a = /元$/;')).toHaveLength(1);
    expect(copyIn("const a = { 'zh-CN': 'x', en: 'y' };")).toHaveLength(1);
    expect(copyIn('// 即将流失: a rule name in a comment\nconst a = 1; /* 已流失 */')).toEqual([]);
    expect(copyIn("const a = x / 2; const b = 'zh-CN';")).toEqual([]);
  });
});
