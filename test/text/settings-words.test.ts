import { describe, expect, it } from 'vitest';
import { textFor } from '../../functions/text/catalogue.ts';

describe('what a refused rollback says', () => {
  it('names version 0 alone when it is the only one to go back to, not a range "0–0"', () => {
    expect(textFor('zh-CN').settings.rollbackRange(0, 1)).toBe('只能回滚到版本 0（默认值；当前是版本 1）');
    expect(textFor('en').settings.rollbackRange(0, 1)).toBe(
      'can roll back only to version 0, the defaults (the current one is 1)',
    );
    expect(textFor('zh-CN').settings.rollbackRange(4, 5)).toBe(
      '只能回滚到 0–4 之间的版本（当前是版本 5，0 = 默认值）',
    );
  });
});
