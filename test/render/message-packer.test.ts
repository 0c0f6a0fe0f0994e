import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packMessages } from '../../functions/render/message-packer.ts';
import { utf8Bytes } from '../../functions/render/wecom-markdown.ts';

const header = (index: number, count: number) =>
  count === 1 ? '# 晨报' : index === 0 ? `# 晨报（1/${count}）` : `# 晨报（续 ${index + 1}/${count}）`;
const noFooter = () => '';

describe('packMessages', () => {
  it('keeps everything in one message when it fits, with header, blocks and footer in order', () => {
    // Act
    const parts = packMessages({
      header,
      blocks: ['张记便利店', '李家烟酒行'],
      footer: () => '配置版本 v7',
      maxBytes: 4096,
    });

    // Assess
    expect(parts).toEqual(['# 晨报\n张记便利店\n李家烟酒行\n配置版本 v7']);
  });

  it('splits at block boundaries with the header in every part, marked with its final part count', () => {
    // Prepare: each block is 28 bytes (9 Chinese characters and a digit); a continued header is 21
    const blocks = Array.from({ length: 7 }, (_, i) => `${'店'.repeat(9)}${i}`);

    // Act
    const parts = packMessages({ header, blocks, footer: noFooter, maxBytes: 100 });

    // Assess
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, i) => {
      expect(utf8Bytes(part)).toBeLessThanOrEqual(100);
      expect(part.split('\n')[0]).toBe(header(i, parts.length));
    });
    expect(parts.flatMap((part) => part.split('\n').slice(1))).toEqual(blocks);
  });

  it('fills a message to exactly maxBytes with 3-byte and 4-byte characters', () => {
    // Prepare: header 'H' (1) + '\n' (1) + 3 + '\n' (1) + 4 = 10 bytes
    const blocks = ['中', '🍜', '中'];

    // Act
    const parts = packMessages({ header: () => 'H', blocks, footer: noFooter, maxBytes: 10 });

    // Assess
    expect(parts).toEqual(['H\n中\n🍜', 'H\n中']);
    expect(parts.map(utf8Bytes)).toEqual([10, 5]);
  });

  it('cuts a block too big for any message at a character boundary and marks it, never dropping it', () => {
    // Prepare
    const huge = '🍜中'.repeat(100);

    // Act
    const parts = packMessages({
      header: () => 'H',
      blocks: ['前', huge, '后'],
      footer: noFooter,
      maxBytes: 60,
      truncatedNote: '（已截断）',
    });

    // Assess
    expect(parts).toHaveLength(3);
    expect(parts[0]).toBe('H\n前');
    expect(parts[1]).toMatch(/^H\n(🍜中)+(🍜)?…（已截断）$/);
    expect(utf8Bytes(parts[1] as string)).toBeLessThanOrEqual(60);
    expect(parts[2]).toBe('H\n后');
  });

  it('puts a section heading before the first block of a section and again where a part opens inside it', () => {
    // Act
    const parts = packMessages({
      header: (i, n) => `# 晨报 ${i + 1}/${n}`,
      blocks: [
        { section: '新增', text: 'A店' },
        { section: '新增', text: 'B店' },
        { section: '新增', text: 'C店' },
        { section: '恢复', text: 'D店' },
      ],
      footer: noFooter,
      maxBytes: 36,
      sectionHeading: (section, continued) => `## ${section}${continued ? '（续）' : ''}`,
    });

    // Assess
    expect(parts).toEqual([
      '# 晨报 1/3\n## 新增\nA店\nB店',
      '# 晨报 2/3\n## 新增（续）\nC店',
      '# 晨报 3/3\n## 恢复\nD店',
    ]);
  });

  it('re-packs when the part marker makes the header longer, so no part overflows', () => {
    // Prepare: unmarked, two blocks fit in 19 bytes ('H\naaaaaaaa\nbbbbbbbb'); marked ('H 1/2'), only one does
    const blocks = ['aaaaaaaa', 'bbbbbbbb', 'cccccccc'];

    // Act
    const parts = packMessages({
      header: (i, n) => (n === 1 ? 'H' : `H ${i + 1}/${n}`),
      blocks,
      footer: noFooter,
      maxBytes: 19,
    });

    // Assess
    expect(parts).toEqual(['H 1/3\naaaaaaaa', 'H 2/3\nbbbbbbbb', 'H 3/3\ncccccccc']);
  });

  it('throws when the header leaves no room for any block', () => {
    expect(() =>
      packMessages({
        header: () => '标题'.repeat(20),
        blocks: ['x'.repeat(200)],
        footer: noFooter,
        maxBytes: 100,
      }),
    ).toThrow(RangeError);
  });

  it('keeps every part within maxBytes and every block whole, once, in order (property)', () => {
    const chinese = fc.constantFrom('张', '记', '便', '利', '店', '超', '市', '：', '，');
    const emoji = fc.constantFrom('🍜', '🥤', '🧃', '👨‍👩‍👧', '🇨🇳');
    const ascii = fc.constantFrom('a', 'Z', '7', ' ', '.');
    const block = fc
      .array(fc.oneof(chinese, emoji, ascii), { minLength: 1, maxLength: 40 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 80 }),
        fc.integer({ min: 800, max: 2000 }),
        (blocks, maxBytes) => {
          // Act
          const parts = packMessages({
            header: (i, n) => (n === 1 ? '## 晨报 🍜' : `## 晨报 🍜（${i === 0 ? '' : '续 '}${i + 1}/${n}）`),
            blocks: blocks.map((text) => `- ${text}`),
            footer: (i, n) => (i === n - 1 ? '配置版本 v7' : ''),
            maxBytes,
          });

          // Assess
          for (const part of parts) expect(utf8Bytes(part)).toBeLessThanOrEqual(maxBytes);
          const seen = parts.flatMap((part) => part.split('\n').filter((line) => line.startsWith('- ')));
          expect(seen).toEqual(blocks.map((text) => `- ${text}`));
          parts.forEach((part, i) => {
            expect(part.startsWith('## 晨报 🍜')).toBe(true);
            if (parts.length > 1) expect(part).toContain(`${i + 1}/${parts.length}）`);
          });
          expect(parts.at(-1)?.endsWith('配置版本 v7')).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never drops a block too big for a message: it appears once, cut and marked (property)', () => {
    const block = fc
      .array(fc.constantFrom('张', '🍜', '👨‍👩‍👧', 'a'), { minLength: 1, maxLength: 120 })
      .map((chars) => `- ${chars.join('')}`);
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 20 }),
        fc.integer({ min: 60, max: 300 }),
        (blocks, maxBytes) => {
          // Act
          const parts = packMessages({
            header: (i, n) => `## 周报 ${i + 1}/${n}`,
            blocks,
            footer: noFooter,
            maxBytes,
            truncatedNote: '（截）',
          });

          // Assess
          for (const part of parts) expect(utf8Bytes(part)).toBeLessThanOrEqual(maxBytes);
          const seen = parts.flatMap((part) => part.split('\n').slice(1));
          expect(seen).toHaveLength(blocks.length);
          seen.forEach((line, i) => {
            const original = blocks[i] as string;
            if (line !== original) {
              expect(line.endsWith('…（截）')).toBe(true);
              expect(original.startsWith(line.slice(0, -'…（截）'.length))).toBe(true);
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
