import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeWecomMarkdown,
  mentionOf,
  partMarker,
  truncateToBytes,
  utf8Bytes,
} from '../../functions/render/wecom-markdown.ts';

/** Anything WeCom markdown could read as markup: tags, mentions, bold, code, links, headings, quotes. */
const MARKUP = /[<>*`[\]_\\&]|^\s*[#>]|:\/\//;

describe('escapeWecomMarkdown', () => {
  it('turns a hostile shop name into inert look-alike text with no mention, bold or link', () => {
    // Prepare
    const hostile = '**<@all>**[x](http://evil)';

    // Act
    const escaped = escapeWecomMarkdown(hostile);

    // Assess
    expect(escaped).toBe('＊＊＜@all＞＊＊［x］(http：//evil)');
    expect(escaped).not.toMatch(MARKUP);
  });

  it('neutralises headings, quotes, colours, code and line breaks that would start new markup', () => {
    // Act
    const cases = {
      heading: escapeWecomMarkdown('# 老王副食店'),
      quote: escapeWecomMarkdown('> 引用'),
      font: escapeWecomMarkdown('<font color="warning">假警告</font>'),
      code: escapeWecomMarkdown('`rm -rf`'),
      newline: escapeWecomMarkdown('张记\n# 标题\r\n> 引用'),
      underscore: escapeWecomMarkdown('__粗__ ~~删~~ a\\'),
    };

    // Assess
    expect(cases.heading).toBe('＃ 老王副食店');
    expect(cases.quote).toBe('＞ 引用');
    expect(cases.font).toBe('＜font color="warning"＞假警告＜/font＞');
    expect(cases.code).toBe('｀rm -rf｀');
    expect(cases.newline).toBe('张记 # 标题 ＞ 引用');
    expect(cases.underscore).toBe('＿＿粗＿＿ ～～删～～ a＼');
    for (const text of Object.values(cases)) expect(text).not.toMatch(MARKUP);
  });

  it('leaves ordinary Chinese and English names, digits and punctuation as they are', () => {
    expect(escapeWecomMarkdown('好又多超市（滨江店）No.3 #2 货架 100%')).toBe(
      '好又多超市（滨江店）No.3 #2 货架 100%',
    );
  });

  it('never leaves markup in any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeWecomMarkdown(text);
        expect(escaped).not.toMatch(MARKUP);
        expect(escaped).not.toMatch(/[\n\r\u2028\u2029]/);
      }),
    );
  });
});

describe('truncateToBytes', () => {
  it('returns text that fits unchanged, and measures Chinese as 3 bytes and emoji as 4', () => {
    expect(utf8Bytes('张记')).toBe(6);
    expect(utf8Bytes('🍜')).toBe(4);
    expect(truncateToBytes('张记便利店', 15)).toBe('张记便利店');
  });

  it('cuts Chinese at a character boundary and keeps "…" inside the budget', () => {
    // Act: 5 chars × 3 bytes = 15 > 10; 10 − 3 for "…" leaves room for two characters
    const cut = truncateToBytes('张记便利店', 10);

    // Assess
    expect(cut).toBe('张记…');
    expect(utf8Bytes(cut)).toBeLessThanOrEqual(10);
  });

  it('never splits an emoji surrogate pair', () => {
    // Act: '🍜🍜🍜' is 12 bytes; 9 − 3 leaves 6, room for one 4-byte emoji only
    const cut = truncateToBytes('🍜🍜🍜', 9);

    // Assess
    expect(cut).toBe('🍜…');
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('drops the "…" when even it does not fit', () => {
    expect(truncateToBytes('张记', 2)).toBe('');
    expect(truncateToBytes('abc', 2)).toBe('ab');
  });

  it('always fits the budget with whole code points (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.nat(200), (text, max) => {
        const cut = truncateToBytes(text, max);
        expect(utf8Bytes(cut)).toBeLessThanOrEqual(max);
        if (utf8Bytes(text) <= max) expect(cut).toBe(text);
        const body = utf8Bytes(text) > max && max >= 3 ? cut.slice(0, -1) : cut;
        if (utf8Bytes(text) > max && max >= 3) expect(cut.endsWith('…')).toBe(true);
        expect(text.startsWith(body)).toBe(true);
        // No lone high surrogate at the cut.
        expect(body).not.toMatch(/[\uD800-\uDBFF]$/);
      }),
    );
  });
});

describe('mentions and part markers', () => {
  it('mentions a real user id and refuses ids that could inject markup or ping everyone', () => {
    const recipient = { repId: 'R1', name: null, locale: 'zh-CN' as const };
    expect(mentionOf({ ...recipient, wecomUserid: 'zhang.wei-01' })).toBe('<@zhang.wei-01>');
    expect(mentionOf({ ...recipient, wecomUserid: 'x><font color="warning">' })).toBe('');
    expect(mentionOf({ ...recipient, wecomUserid: 'all' })).toBe('');
    expect(mentionOf(recipient)).toBe('');
  });

  it('marks parts of a split message in both languages and leaves a single message unmarked', () => {
    expect(partMarker(0, 1, 'zh-CN')).toBe('');
    expect(partMarker(0, 3, 'zh-CN')).toBe('（1/3）');
    expect(partMarker(1, 3, 'zh-CN')).toBe('（续 2/3）');
    expect(partMarker(2, 3, 'en')).toBe(' (cont. 3/3)');
  });
});
