import { UndecodableTextError } from './errors.ts';

/**
 * How the bytes of an export were turned into text. `utf-8-bom` is what Excel writes for "CSV UTF-8";
 * `utf-16le` is Excel's "Unicode text"; `gb18030` covers GBK/GB2312, what Chinese Windows and most local
 * ERPs write by default.
 */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/**
 * Decodes an exported file. A BOM decides when there is one; otherwise the bytes must be valid UTF-8, and if
 * they are not, they are read as GB18030. Strict UTF-8 first is what makes the guess safe: GBK text almost
 * never happens to be valid UTF-8, while the reverse guess would turn UTF-8 Chinese into mojibake silently.
 *
 * @example decodeText(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4])) // { text: '中文', encoding: 'gb18030' }
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strictDecode('utf-8', bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: strictDecode('utf-16le', bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: strictDecode('utf-16be', bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: strictDecode('utf-8', bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: the only other encoding exports come in without a BOM is the GB family.
  }
  return { text: strictDecode('gb18030', bytes), encoding: 'gb18030' };
}

function strictDecode(encoding: string, bytes: Uint8Array): string {
  try {
    // ignoreBOM keeps a second BOM as text instead of silently eating it; the first one was removed above.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (cause) {
    throw new UndecodableTextError(`The bytes are not valid ${encoding}`, { cause });
  }
}
