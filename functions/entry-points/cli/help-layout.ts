import { displayWidth } from './display-width.ts';

/** The width help is laid out for: a terminal's default, and what fits every terminal an admin is likely to use. */
export const HELP_COLUMNS = 80;

/** Wide punctuation no line starts with, and wide punctuation no line ends with. */
const NO_BREAK_BEFORE = new Set('，。、；：！？）」』》〉】〕”’…·'.split(''));
const NO_BREAK_AFTER = new Set('（「『《〈【〔“‘'.split(''));
/** Wide punctuation after which a line may end even when an English word follows: `、CHURN_WATCH_SES_PORT`. */
const ENDS_A_CLAUSE = new Set('，。、；：！？）」』》】'.split(''));
/** What is kept on one line: an option's value list, a placeholder, a key's part, a quotation. */
const GROUPS: Record<string, string> = { '[': ']', '<': '>', '‹': '›', '「': '」', '“': '”' };

/** A place a line may end: the text before `end` stays, the next line starts at `next` (spaces dropped). */
interface Break {
  end: number;
  next: number;
}

/**
 * A help text as an 80-column terminal shows it well. Lines that fit are left as written, and lines are never
 * joined. A longer line (a CJK character takes two columns) is broken at a space, or between two Chinese
 * characters (never before ，。） or after （), but never inside a `[…]`, `<…>`, `‹…›`, `「…」` or `“…”` group
 * nor inside an English word or key; each new line hangs under where the line's text starts: an option's
 * description (`  --as-of 日期   以哪一天…`), a list item's text, or a usage line's first argument. Examples
 * (`  churn-watch …`, `  npx churn-watch …`) are never broken, so each line pastes into a shell as it is.
 */
export function layOutHelp(text: string, columns = HELP_COLUMNS): string {
  const lines = text.split('\n');
  // The usage lines come first, up to the first blank line: a synopsis, not a command to paste.
  const usageEnds = lines.indexOf('');
  return lines
    .flatMap((line, i) => {
      const usage = i < usageEnds;
      if (displayWidth(line) <= columns || (!usage && /^ +(?:npx )?churn-watch /.test(line))) return [line];
      return broken(line, usage ? usageHang(line) : hangOf(line), columns);
    })
    .join('\n');
}

const indentOf = (line: string): number => /^ */.exec(line)?.[0].length ?? 0;

/** A usage line goes on under the first argument after the command: `用法：churn-watch digest --rep …`. */
function usageHang(line: string): number {
  const command = /^.*?churn-watch \S+ /.exec(line);
  return command ? displayWidth(command[0]) : indentOf(line);
}

/** Where a line's continuation starts: under its description or list item text, else under its own start. */
function hangOf(line: string): number {
  const term = /^( +\S+(?: \S+)*? {2,})(?=\S)/.exec(line) ?? /^(--?\S+(?: \S+)*? {2,})(?=\S)/.exec(line);
  if (term) return displayWidth(term[1] as string);
  const item = /^( *(?:\d+\.|[-•]) )/.exec(line);
  if (item) return displayWidth(item[1] as string);
  return indentOf(line);
}

const isWide = (char: string): boolean => displayWidth(char) === 2;

/** For each character, the group it belongs to (brackets included) if that group closes on the same line. */
function grouped(chars: readonly string[]): (number | undefined)[] {
  const group: (number | undefined)[] = chars.map(() => undefined);
  const open: { at: number; closer: string }[] = [];
  chars.forEach((char, at) => {
    const top = open.at(-1);
    if (top && char === top.closer) {
      open.pop();
      // The outermost group decides; a nested one is inside it anyway.
      if (open.length === 0) group.fill(top.at, top.at, at + 1);
    } else if (GROUPS[char]) {
      open.push({ at, closer: GROUPS[char] });
    }
  });
  return group;
}

/** The places `chars` may be broken, in order, none before `from` (the term, the command, the indent). */
function breaksOf(chars: readonly string[], from: number): Break[] {
  const group = grouped(chars);
  const keptTogether = (left: number, right: number) =>
    group[left] !== undefined && group[left] === group[right];
  const breaks: Break[] = [];
  for (let at = from; at < chars.length; at++) {
    const char = chars[at] as string;
    const previous = chars[at - 1] ?? ' ';
    if (char === ' ') {
      let next = at;
      while (chars[next] === ' ') next++;
      const before = chars.slice(0, at).join('');
      const following = chars[next];
      if (
        previous !== ' ' &&
        following !== undefined &&
        !keptTogether(at - 1, next) &&
        !NO_BREAK_BEFORE.has(following) &&
        !before.endsWith('churn-watch')
      ) {
        breaks.push({ end: at, next });
      }
      at = next - 1;
      continue;
    }
    if (previous === ' ' || keptTogether(at - 1, at)) continue;
    const chinese =
      isWide(previous) && isWide(char) && !NO_BREAK_BEFORE.has(char) && !NO_BREAK_AFTER.has(previous);
    // `、CHURN_WATCH_SES_PORT`: after a clause's punctuation a word may start the next line.
    const afterClause = ENDS_A_CLAUSE.has(previous) && !isWide(char) && /[\p{L}\p{N}-]/u.test(char);
    if (chinese || afterClause) breaks.push({ end: at, next: at });
  }
  return breaks;
}

/** A line broken at the last place allowed before each overflow; a piece with no such place stays long. */
function broken(line: string, hang: number, columns: number): string[] {
  const chars = [...line];
  // No break before the text's start column: a line is never left with only its option or command.
  let startColumn = 0;
  let from = 0;
  while (from < chars.length && startColumn < Math.max(hang, indentOf(line) + 1)) {
    startColumn += displayWidth(chars[from] as string);
    from++;
  }
  const breaks = breaksOf(chars, from);
  const lines: string[] = [];
  let prefix = '';
  let start = 0;
  for (;;) {
    const rest = prefix + chars.slice(start).join('');
    if (displayWidth(rest) <= columns) break;
    const candidates = breaks.filter((place) => place.end > start);
    const fitting = candidates.filter(
      (place) => displayWidth(prefix + chars.slice(start, place.end).join('')) <= columns,
    );
    const chosen = fitting.at(-1) ?? candidates[0];
    if (!chosen) break;
    lines.push(prefix + chars.slice(start, chosen.end).join(''));
    start = chosen.next;
    prefix = ' '.repeat(hang);
  }
  lines.push(prefix + chars.slice(start).join(''));
  return lines;
}
