import { truncateToBytes, utf8Bytes } from './wecom-markdown.ts';

/**
 * A block that belongs to a section. When the section starts, or when a part opens in the middle of it,
 * the packer puts the section's heading right before the block, so a heading is never left alone at the end
 * of a part and a continued part still says what its list is.
 */
export interface PackBlock {
  text: string;
  section?: string | undefined;
}

export interface PackOptions {
  /** The part's heading; `partCount` is final, so it can say "(续 2/3)". Repeated in every part. */
  header: (partIndex: number, partCount: number) => string;
  /** Kept whole and in order; a string is a block outside any section. */
  blocks: readonly (string | PackBlock)[];
  footer: (partIndex: number, partCount: number) => string;
  /** The limit for each whole message, in UTF-8 bytes. */
  maxBytes: number;
  /** The heading of `section`, `continued` when the section began in an earlier part. */
  sectionHeading?: (section: string, continued: boolean) => string;
  /** Between the header, headings, blocks and footer. Default a newline. An empty header or footer is left out. */
  separator?: string;
  /** Appended to a block too large for a message of its own, after it was cut (with "…") to fit. */
  truncatedNote?: string;
}

interface Part {
  items: string[];
}

/**
 * Splits a long message into as few messages as fit `maxBytes` each (UTF-8, byte-exact): every message is
 * the header, whole blocks in their order, and the footer. A block is only ever cut when it cannot fit even
 * in a message of its own, and then it is cut at a character boundary and marked, never dropped.
 *
 * The header may grow with the part count ("(1/12)" is longer than no marker), so the layout is redone
 * with the count it produced until the count no longer changes. The header and footer must leave room for
 * a block; otherwise this throws a RangeError (a programming error, not a data one).
 */
export function packMessages(options: PackOptions): string[] {
  const blocks = options.blocks.map((block) => (typeof block === 'string' ? { text: block } : block));
  let partCount = 1;
  for (;;) {
    const parts = layout(options, blocks, partCount);
    // A header that shrinks as the count grows could make the count fall: its parts still fit, only the
    // "n/m" marker overstates m, so take them rather than loop.
    if (parts.length <= partCount) return parts;
    partCount = parts.length;
  }
}

function layout(options: PackOptions, blocks: readonly PackBlock[], partCount: number): string[] {
  const separator = options.separator ?? '\n';
  const note = options.truncatedNote ?? '';
  const heading = (section: string, continued: boolean) =>
    options.sectionHeading ? options.sectionHeading(section, continued) : '';
  const assemble = (index: number, items: readonly string[]): string =>
    [options.header(index, partCount), ...items, options.footer(index, partCount)]
      .filter((item, i, all) => item !== '' || (i !== 0 && i !== all.length - 1))
      .join(separator);
  const fits = (index: number, items: readonly string[]) =>
    utf8Bytes(assemble(index, items)) <= options.maxBytes;

  const messages: string[] = [];
  let part: Part = { items: [] };
  let previousSection: string | undefined;
  /** The items a block adds to a part: its section heading when needed, then the block. */
  const itemsFor = (block: PackBlock, opensPart: boolean, text = block.text): string[] => {
    const section = block.section;
    if (section === undefined) return [text];
    const starts = section !== previousSection;
    if (!starts && !opensPart) return [text];
    const title = heading(section, !starts);
    return title === '' ? [text] : [title, text];
  };

  for (const block of blocks) {
    const index = messages.length;
    const added = itemsFor(block, part.items.length === 0);
    if (part.items.length > 0 && fits(index, [...part.items, ...added])) {
      part.items.push(...added);
    } else {
      if (part.items.length > 0) {
        messages.push(assemble(index, part.items));
        part = { items: [] };
      }
      const fresh = messages.length;
      const alone = itemsFor(block, true);
      if (fits(fresh, alone)) part.items.push(...alone);
      else part.items.push(...truncated(block, fresh));
    }
    previousSection = block.section;
  }
  messages.push(assemble(messages.length, part.items));
  return messages;

  function truncated(block: PackBlock, index: number): string[] {
    // The room is what the message takes with the block empty; the separator before it is already counted.
    const withEmpty = itemsFor(block, true, '');
    const room = options.maxBytes - utf8Bytes(assemble(index, withEmpty)) - utf8Bytes(note);
    if (room < utf8Bytes('…')) {
      throw new RangeError(
        `packMessages: a ${options.maxBytes}-byte message has no room for a block after its header and footer`,
      );
    }
    return itemsFor(block, true, truncateToBytes(block.text, room) + note);
  }
}
