// Writes functions/render/chart-font.ts, the glyph outlines the weekly email's charts draw their text with:
// `npx tsx bin/generate-chart-font.ts --fonts DIR`. Run it when a word in functions/render/chart-words.ts
// changes; the output is committed, so neither the build, the tests nor Lambda need the font.

import { readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { inflateSync } from 'node:zlib';
import { format, resolveConfig } from 'prettier';
import { chartCharacters } from '../functions/render/chart-words.ts';

const USAGE = `Usage: npx tsx bin/generate-chart-font.ts --fonts DIR [--out FILE]

Takes the outlines of the characters the charts draw (functions/render/chart-words.ts) from Noto Sans SC
Regular and writes them, with the font's copyright and licence (SIL Open Font License 1.1), as a TypeScript
module. DIR holds the font as the npm package @fontsource/noto-sans-sc ships it, split into WOFF files:

  npm pack @fontsource/noto-sans-sc@5.3.1 && tar xzf fontsource-noto-sans-sc-5.3.1.tgz
  npx tsx bin/generate-chart-font.ts --fonts package/files

Only the *-400-normal.woff files are read. The same files always give the same module.

Options:
  --fonts DIR   the directory with the WOFF files
  --out FILE    default functions/render/chart-font.ts
  -h, --help    show this help
`;

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const WEIGHT_FILE = /-400-normal\.woff$/;

/** One sfnt font's tables, uncompressed. */
type Tables = Map<string, Buffer>;

interface Glyph {
  advance: number;
  /** Font units, y up, as {@link encodePath} writes it. */
  path: string;
}

interface Font {
  file: string;
  unitsPerEm: number;
  ascender: number;
  descender: number;
  copyright: string;
  licence: string;
  glyphIndex(code: number): number;
  glyph(index: number): Glyph;
}

function table(tables: Tables, tag: string): Buffer {
  const found = tables.get(tag);
  if (!found) throw new Error(`the font has no ${tag} table`);
  return found;
}

/** WOFF 1.0: an sfnt whose tables are each zlib-compressed unless that would not save anything. */
function readWoff(file: string): Tables {
  const data = readFileSync(file);
  if (data.toString('latin1', 0, 4) !== 'wOFF') throw new Error(`${file} is not a WOFF 1.0 file`);
  if (data.readUInt32BE(4) !== 0x00010000) throw new Error(`${file} has no TrueType outlines`);
  const tables: Tables = new Map();
  for (let i = 0; i < data.readUInt16BE(12); i++) {
    const at = 44 + i * 20;
    const offset = data.readUInt32BE(at + 4);
    const compressed = data.readUInt32BE(at + 8);
    const original = data.readUInt32BE(at + 12);
    const bytes = data.subarray(offset, offset + compressed);
    tables.set(data.toString('latin1', at, at + 4), compressed < original ? inflateSync(bytes) : bytes);
  }
  return tables;
}

/** The Unicode → glyph map: format 4 (BMP) or 12 (full range) of the Windows platform. */
function readCmap(cmap: Buffer): (code: number) => number {
  const subtables = Array.from({ length: cmap.readUInt16BE(2) }, (_, i) => ({
    platform: cmap.readUInt16BE(4 + i * 8),
    encoding: cmap.readUInt16BE(6 + i * 8),
    offset: cmap.readUInt32BE(8 + i * 8),
  }));
  const full = subtables.find((s) => s.platform === 3 && s.encoding === 10);
  if (full && cmap.readUInt16BE(full.offset) === 12) {
    const at = full.offset;
    const groups = Array.from({ length: cmap.readUInt32BE(at + 12) }, (_, i) => ({
      start: cmap.readUInt32BE(at + 16 + i * 12),
      end: cmap.readUInt32BE(at + 20 + i * 12),
      glyph: cmap.readUInt32BE(at + 24 + i * 12),
    }));
    return (code) => {
      const group = groups.find((g) => code >= g.start && code <= g.end);
      return group ? group.glyph + code - group.start : 0;
    };
  }
  const bmp = subtables.find((s) => s.platform === 3 && s.encoding === 1);
  if (!bmp || cmap.readUInt16BE(bmp.offset) !== 4) throw new Error('the font has no Unicode cmap');
  const at = bmp.offset;
  const segments = cmap.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  return (code) => {
    for (let i = 0; i < segments; i++) {
      if (code > cmap.readUInt16BE(ends + i * 2)) continue;
      const start = cmap.readUInt16BE(starts + i * 2);
      if (code < start) return 0;
      const delta = cmap.readInt16BE(deltas + i * 2);
      const rangeOffset = cmap.readUInt16BE(rangeOffsets + i * 2);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const glyph = cmap.readUInt16BE(rangeOffsets + i * 2 + rangeOffset + (code - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
}

/** A string of the name table (Windows, Unicode, any language), e.g. 0 copyright, 13 licence. */
function readName(name: Buffer, id: number): string {
  const count = name.readUInt16BE(2);
  const strings = name.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 12;
    if (name.readUInt16BE(at) !== 3 || name.readUInt16BE(at + 6) !== id) continue;
    const start = strings + name.readUInt16BE(at + 10);
    return Buffer.from(name.subarray(start, start + name.readUInt16BE(at + 8)))
      .swap16()
      .toString('utf16le');
  }
  return '';
}

interface Point {
  x: number;
  y: number;
  on: boolean;
}

/** The contours of a glyph, composites resolved into their parts. */
function readContours(glyf: Buffer, loca: (index: number) => [number, number], index: number): Point[][] {
  const [start, end] = loca(index);
  if (end <= start) return [];
  const contourCount = glyf.readInt16BE(start);
  let at = start + 10;
  if (contourCount >= 0) {
    const ends = Array.from({ length: contourCount }, (_, i) => glyf.readUInt16BE(at + i * 2));
    at += contourCount * 2;
    at += 2 + glyf.readUInt16BE(at);
    const pointCount = (ends[ends.length - 1] ?? -1) + 1;
    const flags: number[] = [];
    while (flags.length < pointCount) {
      const flag = glyf.readUInt8(at++);
      flags.push(flag);
      if (flag & 8) for (let repeat = glyf.readUInt8(at++); repeat > 0; repeat--) flags.push(flag);
    }
    const coordinates = (short: number, same: number): number[] => {
      let value = 0;
      return flags.map((flag) => {
        if (flag & short) {
          const delta = glyf.readUInt8(at++);
          value += flag & same ? delta : -delta;
        } else if (!(flag & same)) {
          value += glyf.readInt16BE(at);
          at += 2;
        }
        return value;
      });
    };
    const xs = coordinates(2, 16);
    const ys = coordinates(4, 32);
    const points = flags.map((flag, i) => ({ x: xs[i] ?? 0, y: ys[i] ?? 0, on: (flag & 1) === 1 }));
    return ends.map((last, i) => points.slice(i === 0 ? 0 : (ends[i - 1] ?? 0) + 1, last + 1));
  }
  const contours: Point[][] = [];
  for (let more = true; more;) {
    const flags = glyf.readUInt16BE(at);
    const component = glyf.readUInt16BE(at + 2);
    at += 4;
    if (!(flags & 2)) throw new Error(`glyph ${index}: components placed by point numbers are not supported`);
    const words = (flags & 1) === 1;
    const dx = words ? glyf.readInt16BE(at) : glyf.readInt8(at);
    const dy = words ? glyf.readInt16BE(at + 2) : glyf.readInt8(at + 1);
    at += words ? 4 : 2;
    const f2dot14 = () => {
      const value = glyf.readInt16BE(at) / 16384;
      at += 2;
      return value;
    };
    let [a, b, c, d] = [1, 0, 0, 1];
    if (flags & 8) a = d = f2dot14();
    else if (flags & 0x40) [a, d] = [f2dot14(), f2dot14()];
    else if (flags & 0x80) [a, b, c, d] = [f2dot14(), f2dot14(), f2dot14(), f2dot14()];
    for (const contour of readContours(glyf, loca, component)) {
      contours.push(contour.map((p) => ({ x: a * p.x + c * p.y + dx, y: b * p.x + d * p.y + dy, on: p.on })));
    }
    more = (flags & 0x20) !== 0;
  }
  return contours;
}

type Command = { op: 'M' | 'L' | 'Q'; points: { x: number; y: number }[] } | { op: 'Z' };

/** TrueType contours as path commands: two off-curve points in a row imply an on-curve one between them. */
function contoursToCommands(contours: Point[][]): Command[] {
  const commands: Command[] = [];
  for (const contour of contours) {
    if (contour.length < 2) continue;
    const firstOn = contour.findIndex((p) => p.on);
    const first = contour[0] as Point;
    const last = contour[contour.length - 1] as Point;
    // A contour of off-curve points only starts between its first two points.
    const start: Point =
      firstOn >= 0
        ? (contour[firstOn] as Point)
        : { x: (first.x + last.x) / 2, y: (first.y + last.y) / 2, on: true };
    const ordered = firstOn >= 0 ? [...contour.slice(firstOn + 1), ...contour.slice(0, firstOn)] : contour;
    commands.push({ op: 'M', points: [start] });
    let control: Point | null = null;
    for (const [i, point] of [...ordered, start].entries()) {
      if (point.on) {
        // The line back to the start is implied by Z.
        if (!control && i === ordered.length) break;
        commands.push(control ? { op: 'Q', points: [control, point] } : { op: 'L', points: [point] });
        control = null;
      } else {
        if (control) {
          const mid = { x: (control.x + point.x) / 2, y: (control.y + point.y) / 2 };
          commands.push({ op: 'Q', points: [control, mid] });
        }
        control = point;
      }
    }
    commands.push({ op: 'Z' });
  }
  return commands;
}

/**
 * Commands as a compact path: relative to the current point, in whole font units, the letter left out when it
 * repeats (`m259-13q-65 0-116 26-51 26-79 72z`). A third smaller than absolute SVG syntax, zipped.
 */
function encodePath(commands: Command[]): string {
  let text = '';
  let previous = '';
  let current = { x: 0, y: 0 };
  let start = current;
  for (const command of commands) {
    if (command.op === 'Z') {
      text += 'z';
      previous = 'z';
      current = start;
      continue;
    }
    const rounded = command.points.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) }));
    const numbers = rounded.flatMap((p) => [p.x - current.x, p.y - current.y]);
    const op = command.op.toLowerCase();
    const digits = numbers.map(String).join(' ').replaceAll(' -', '-');
    text += op !== previous ? op : digits.startsWith('-') ? '' : ' ';
    text += digits;
    previous = op;
    current = rounded[rounded.length - 1] ?? current;
    if (command.op === 'M') start = current;
  }
  return text;
}

function readFont(file: string): Font {
  const tables = readWoff(file);
  const head = table(tables, 'head');
  const hhea = table(tables, 'hhea');
  const hmtx = table(tables, 'hmtx');
  const glyf = table(tables, 'glyf');
  const locaTable = table(tables, 'loca');
  const longOffsets = head.readInt16BE(50) === 1;
  const loca = (index: number): [number, number] =>
    longOffsets
      ? [locaTable.readUInt32BE(index * 4), locaTable.readUInt32BE(index * 4 + 4)]
      : [locaTable.readUInt16BE(index * 2) * 2, locaTable.readUInt16BE(index * 2 + 2) * 2];
  const metrics = hhea.readUInt16BE(34);
  const name = table(tables, 'name');
  return {
    file,
    unitsPerEm: head.readUInt16BE(18),
    ascender: hhea.readInt16BE(4),
    descender: hhea.readInt16BE(6),
    copyright: readName(name, 0),
    licence: readName(name, 13),
    glyphIndex: readCmap(table(tables, 'cmap')),
    glyph: (index) => ({
      advance: hmtx.readUInt16BE(Math.min(index, metrics - 1) * 4),
      path: encodePath(contoursToCommands(readContours(glyf, loca, index))),
    }),
  };
}

/** The module's text: the licence as a legal comment, which esbuild keeps in the Lambda bundle. */
function moduleText(fonts: Font[], glyphs: [string, Glyph][], licenceText: string): string {
  const font = fonts[0] as Font;
  const legal = [
    `Glyph outlines of Noto Sans SC Regular (${glyphs.length} characters), for the weekly email's charts.`,
    font.copyright,
    ...(font.licence ? [font.licence] : []),
    '',
    ...licenceText.trim().split('\n'),
  ]
    .map((line) => ` * ${line}`.trimEnd())
    .join('\n');
  const entries = glyphs.map(
    ([char, glyph]) => `  [${JSON.stringify(char)}, ${glyph.advance}, '${glyph.path}'],`,
  );
  return [
    `/*!\n${legal}\n */`,
    '',
    '// Written by bin/generate-chart-font.ts from the characters in chart-words.ts; do not edit.',
    '',
    '/** Font units per em and the line above and below the baseline, in font units (y up). */',
    `export const UNITS_PER_EM = ${font.unitsPerEm};`,
    `export const ASCENDER = ${font.ascender};`,
    `export const DESCENDER = ${font.descender};`,
    '',
    '/**',
    ' * Character, advance width and outline in font units (y up): `m`, `l`, `q` (control and end point) and `z`,',
    ' * each relative to the current point, the letter left out when it repeats.',
    ' */',
    'export const GLYPHS: readonly (readonly [string, number, string])[] = [',
    ...entries,
    '];',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { fonts: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || !values.fonts) {
    (values.help ? console.log : console.error)(USAGE);
    return values.help ? 0 : 2;
  }
  const files = readdirSync(values.fonts)
    .filter((file) => WEIGHT_FILE.test(file))
    .sort()
    .map((file) => path.join(values.fonts as string, file));
  if (files.length === 0) throw new Error(`no *-400-normal.woff files in ${values.fonts}`);
  const fonts = files.map(readFont);
  const glyphs: [string, Glyph][] = [];
  const missing: string[] = [];
  for (const char of chartCharacters()) {
    const code = char.codePointAt(0) ?? 0;
    const font = fonts.find((f) => f.glyphIndex(code) !== 0);
    if (font) glyphs.push([char, font.glyph(font.glyphIndex(code))]);
    else missing.push(char);
  }
  if (missing.length > 0) throw new Error(`no glyph in the font for: ${missing.join(' ')}`);
  const licenceFile = path.join(values.fonts, '..', 'LICENSE');
  const licenceText = readFileSync(licenceFile, 'utf8').replace(/^[\s\S]*?(?=-{10,}\nSIL OPEN FONT)/, '');
  const out = values.out ?? path.join(REPO_ROOT, 'functions/render/chart-font.ts');
  const text = moduleText(fonts, glyphs, licenceText);
  writeFileSync(out, await format(text, { ...(await resolveConfig(out)), filepath: out }));
  console.log(`${out}: ${glyphs.length} characters`);
  return 0;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
