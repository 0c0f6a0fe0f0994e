import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../functions/adapters/csv/decode.ts';
import { UndecodableTextError } from '../../../functions/adapters/csv/errors.ts';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/csv');
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeText', () => {
  it('reads plain ASCII as UTF-8', () => {
    expect(decodeText(utf8('order_id,amount\n1,2\n'))).toEqual({
      text: 'order_id,amount\n1,2\n',
      encoding: 'utf-8',
    });
  });

  it('reads UTF-8 Chinese without a BOM', () => {
    expect(decodeText(utf8('订单号,金额\n'))).toEqual({ text: '订单号,金额\n', encoding: 'utf-8' });
  });

  it('strips the UTF-8 BOM Excel writes for "CSV UTF-8"', () => {
    // Prepare
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('订单号,金额\n')]);

    // Act
    const decoded = decodeText(bytes);

    // Assess
    expect(decoded).toEqual({ text: '订单号,金额\n', encoding: 'utf-8-bom' });
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('falls back to GB18030 for GBK bytes (made with iconv -t GBK)', async () => {
    // Prepare
    const bytes = await readFile(path.join(fixtures, 'orders-gbk.csv'));

    // Act
    const decoded = decodeText(bytes);

    // Assess
    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text.split('\r\n')[0]).toBe('订单号,客户编号,日期,金额,状态');
    expect(decoded.text).toContain('SO1,C001,2024/3/5,"1,234.50",已完成');
  });

  it('reads hard-coded GBK bytes', () => {
    // 中文 in GBK
    expect(decodeText(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]))).toEqual({
      text: '中文',
      encoding: 'gb18030',
    });
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text")', async () => {
    // Prepare
    const bytes = await readFile(path.join(fixtures, 'orders-utf16le.txt'));

    // Act
    const decoded = decodeText(bytes);

    // Assess
    expect(decoded.encoding).toBe('utf-16le');
    expect(decoded.text).toBe('订单号\t客户编号\t日期\t金额\r\nSO1\tC001\t2024-03-05\t12.50\r\n');
  });

  it('reads UTF-16BE with a BOM', () => {
    expect(decodeText(new Uint8Array([0xfe, 0xff, 0x4e, 0x2d, 0x00, 0x41]))).toEqual({
      text: '中A',
      encoding: 'utf-16be',
    });
  });

  it('reads an empty file as empty UTF-8 text', () => {
    expect(decodeText(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('refuses bytes that are neither UTF-8 nor GB18030 rather than guessing', () => {
    expect(() => decodeText(new Uint8Array([0x41, 0xff, 0x42]))).toThrow(UndecodableTextError);
  });

  it('refuses a UTF-8 BOM followed by bytes that are not UTF-8', () => {
    expect(() => decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0xd6, 0xd0]))).toThrow(UndecodableTextError);
  });
});
