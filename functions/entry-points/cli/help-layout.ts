import { displayWidth } from './display-width.ts';

/** The width help is laid out for: a terminal's default, and what fits every terminal an admin is likely to use. */
export const HELP_COLUMNS = 80;

/** Wide punctuation no line starts with, and wide punctuation no line ends with. */
const NO_BREAK_BEFORE = new Set('，。、；：！？）」』》〉】…·'.split(''));
const NO_BREAK_AFTER = new Set('（「『《〈【'.split(''));

interface Unit {
  text: string;
  wide: boolean;
  /** The spaces before it (dropped where the line breaks there). */
  space: string;
}

/**
 * A help text as an 80-column terminal shows it well: every line longer than `columns` display columns (a
 * CJK character takes two) is flowed together with the lines that continue it and broken again, between words
 * in English and between characters in Chinese (never before ，。 or after （), each new line hanging under the
 * start of its description (`  --as-of 日期   以哪一天…`), list item or command; an example command broken
 * across lines ends each of them with ` \` so it still pastes into a shell. Lines that fit are left as written.
 */
export function layOutHelp(text: string, columns = HELP_COLUMNS): string {
  const lines = text.split('\n');
  const out: string[] = [];
  // The usage lines come first, up to the first blank line: a synopsis, not a command to paste.
  const usageEnds = lines.indexOf('');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] as string;
    if (displayWidth(line) <= columns) {
      out.push(line);
      continue;
    }
    const hang = hangOf(line);
    const start = indentOf(line);
    // The source lines that continue this one (it was broken for a wider screen): flowed in before breaking.
    while (
      i + 1 < lines.length &&
      displayWidth(line) > columns &&
      continues(lines[i + 1] as string, start, hang)
    ) {
      line = joined(line, (lines[++i] as string).trim());
    }
    out.push(...broken(line, hang, columns, i > usageEnds && /^ +churn-watch /.test(line)));
  }
  return out.join('\n');
}

const indentOf = (line: string): number => /^ */.exec(line)?.[0].length ?? 0;

/** Where a line's continuation starts: under its description, list item text or command's arguments. */
function hangOf(line: string): number {
  const term = /^( +\S+(?: \S+)*? {2,})(?=\S)/.exec(line) ?? /^(--?\S+(?: \S+)*? {2,})(?=\S)/.exec(line);
  if (term) return displayWidth(term[1] as string);
  const item = /^( *(?:\d+\.|[-•]) )/.exec(line);
  if (item) return displayWidth(item[1] as string);
  const command = /^( *)churn-watch /.exec(line);
  if (command) return (command[1] as string).length + 4;
  return indentOf(line);
}

/** Whether `next` goes on with the line that starts at `start` and hangs at `hang`, rather than starting an item. */
function continues(next: string, start: number, hang: number): boolean {
  if (next.trim() === '') return false;
  const indent = indentOf(next);
  const fits = hang > start ? indent > start && indent <= hang : indent === start;
  const startsItem = /^ *(?:\d+\.\s|[-•]\s|--?\w|churn-watch )/.test(next) || / {2,}\S/.test(next.trim());
  return fits && !startsItem;
}

/** Two pieces of a flowed line: a space between two English words, nothing beside a Chinese character. */
function joined(left: string, right: string): string {
  const last = left.at(-1) ?? '';
  const first = right[0] ?? '';
  return displayWidth(last) === 2 || displayWidth(first) === 2 ? `${left}${right}` : `${left} ${right}`;
}

function unitsOf(text: string): Unit[] {
  const units: Unit[] = [];
  let space = '';
  for (const char of text) {
    if (char === ' ') {
      space += char;
      continue;
    }
    const wide = displayWidth(char) === 2;
    const last = units.at(-1);
    if (!wide && space === '' && last && !last.wide) last.text += char;
    else units.push({ text: char, wide, space });
    space = '';
  }
  return units;
}

function breaksBefore(unit: Unit, previous: Unit): boolean {
  if (unit.space !== '') return true;
  if (NO_BREAK_BEFORE.has(unit.text) || NO_BREAK_AFTER.has(previous.text.at(-1) ?? '')) return false;
  // `文件:行:列`, `50%）`: narrow punctuation stays with what it follows.
  if (!unit.wide && /^[,.;:!?)\]}%'"]/.test(unit.text)) return false;
  return unit.wide || previous.wide;
}

const rendered = (prefix: string, units: readonly Unit[]): string =>
  prefix + units.map((unit, i) => (i === 0 ? unit.text : unit.space + unit.text)).join('');

/** A flowed line broken at the last place allowed before each overflow; a line with none stays long. */
function broken(line: string, hang: number, columns: number, example: boolean): string[] {
  const indent = indentOf(line);
  const limit = example ? columns - 2 : columns;
  const lines: string[] = [];
  let prefix = ' '.repeat(indent);
  let current: Unit[] = [];
  // An example is never broken inside a quoted argument: the next line's indent would become part of it.
  let quoted = false;
  const inQuotes = new Set<Unit>();
  for (const unit of unitsOf(line.slice(indent))) {
    if (example && quoted) inQuotes.add(unit);
    if (example && (unit.text.split('"').length - 1) % 2 === 1) quoted = !quoted;
    current.push(unit);
    while (displayWidth(rendered(prefix, current)) > limit) {
      let at = current.length - 1;
      while (
        at > 0 &&
        (inQuotes.has(current[at] as Unit) || !breaksBefore(current[at] as Unit, current[at - 1] as Unit))
      )
        at--;
      if (at === 0) break;
      lines.push(`${rendered(prefix, current.slice(0, at))}${example ? ' \\' : ''}`);
      current = current.slice(at);
      prefix = ' '.repeat(hang);
    }
  }
  lines.push(rendered(prefix, current));
  return lines;
}
