import { ASCENDER, DESCENDER, GLYPHS, UNITS_PER_EM } from './chart-font.ts';

/**
 * Text drawn into a chart's pixels, from the glyph outlines in chart-font.ts: Lambda has no system fonts, and
 * a whole CJK font would be megabytes in the notifier bundle, so the charts carry just the characters they use
 * and rasterise them here (anti-aliased, by the signed-area accumulation of font-rs).
 */

export type Rgb = readonly [number, number, number];

/** Where text is drawn: RGBA pixels, row by row, as pngjs holds them. */
export interface Pixels {
  width: number;
  height: number;
  data: Buffer;
}

export type Align = 'left' | 'center' | 'right';

interface Glyph {
  advance: number;
  /** Closed polygons in font units (y up), curves already flattened: x0, y0, x1, y1, … per contour. */
  contours: Float64Array[];
}

let glyphs: Map<string, Glyph> | undefined;

function glyphTable(): Map<string, Glyph> {
  glyphs ??= new Map(GLYPHS.map(([char, advance, path]) => [char, { advance, contours: parsePath(path) }]));
  return glyphs;
}

/** The characters of `text` the charts have no glyph for (none for every word in chart-words.ts). */
export function missingGlyphs(text: string): string[] {
  const table = glyphTable();
  return [...new Set([...text].filter((char) => !table.has(char)))];
}

/** The width of `text` in pixels at `size` (the em, in pixels); characters without a glyph count as nothing. */
export function textWidth(text: string, size: number): number {
  const table = glyphTable();
  let units = 0;
  for (const char of text) units += table.get(char)?.advance ?? 0;
  return (units * size) / UNITS_PER_EM;
}

/** How far the font's line reaches above and below the baseline, in pixels at `size`. */
export const ascent = (size: number): number => (ASCENDER * size) / UNITS_PER_EM;
export const descent = (size: number): number => (-DESCENDER * size) / UNITS_PER_EM;

/**
 * Draws one line of text with its baseline at `y`, blended over what is there. Draws nothing when a character
 * has no glyph: a name cut into the characters that happen to be there would be wrong, not just incomplete,
 * so the caller draws something it knows is covered instead (see {@link missingGlyphs}).
 */
export function drawText(
  target: Pixels,
  text: string,
  x: number,
  y: number,
  size: number,
  color: Rgb,
  align: Align = 'left',
): void {
  if (text === '' || missingGlyphs(text).length > 0) return;
  const width = textWidth(text, size);
  const left = align === 'left' ? x : align === 'center' ? x - width / 2 : x - width;
  // The run is rasterised into its own coverage buffer a pixel larger than the line on every side, so no
  // outline point falls outside it, then blended into the target where the two overlap.
  const originX = Math.floor(left) - 1;
  const originY = Math.floor(y - ascent(size)) - 1;
  const runWidth = Math.ceil(width) + 3;
  const runHeight = Math.ceil(ascent(size) + descent(size)) + 3;
  const coverage = new Float32Array((runWidth + 2) * runHeight);
  const scale = size / UNITS_PER_EM;
  const table = glyphTable();
  let pen = left - originX;
  for (const char of text) {
    const glyph = table.get(char) as Glyph;
    for (const contour of glyph.contours) {
      for (let i = 0; i < contour.length; i += 2) {
        const j = (i + 2) % contour.length;
        accumulateLine(
          coverage,
          runWidth + 2,
          runHeight,
          pen + (contour[i] as number) * scale,
          y - originY - (contour[i + 1] as number) * scale,
          pen + (contour[j] as number) * scale,
          y - originY - (contour[j + 1] as number) * scale,
        );
      }
    }
    pen += glyph.advance * scale;
  }
  for (let row = 0; row < runHeight; row++) {
    const ty = originY + row;
    let sum = 0;
    for (let col = 0; col < runWidth + 2; col++) {
      sum += coverage[row * (runWidth + 2) + col] as number;
      const alpha = Math.round(Math.min(1, Math.abs(sum)) * 16) / 16;
      const tx = originX + col;
      if (alpha < 1 / 512 || ty < 0 || ty >= target.height || tx < 0 || tx >= target.width) continue;
      const at = (ty * target.width + tx) * 4;
      for (let c = 0; c < 3; c++) {
        const under = target.data[at + c] as number;
        target.data[at + c] = Math.round(under + ((color[c] as number) - under) * alpha);
      }
      target.data[at + 3] = 255;
    }
  }
}

/**
 * Adds a line's signed area to the cells it crosses; a running sum along each row then gives every pixel's
 * coverage. From font-rs (Raph Levien, Apache-2.0/MIT), which explains the method.
 */
function accumulateLine(
  acc: Float32Array,
  stride: number,
  height: number,
  px0: number,
  py0: number,
  px1: number,
  py1: number,
): void {
  if (py0 === py1) return;
  const [dir, x0, y0, x1, y1] = py0 < py1 ? [1, px0, py0, px1, py1] : [-1, px1, py1, px0, py0];
  const dxdy = (x1 - x0) / (y1 - y0);
  let x = x0;
  if (y0 < 0) x -= y0 * dxdy;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, Math.ceil(y1)); y++) {
    const line = y * stride;
    const dy = Math.min(y + 1, y1) - Math.max(y, y0);
    const xNext = x + dxdy * dy;
    const d = dy * dir;
    const [xa, xb] = x < xNext ? [x, xNext] : [xNext, x];
    const xaFloor = Math.floor(xa);
    const xaI = Math.max(0, xaFloor);
    const xbI = Math.min(stride - 1, Math.ceil(xb));
    if (xbI <= xaI + 1) {
      const xmf = 0.5 * (x + xNext) - xaFloor;
      acc[line + xaI] = (acc[line + xaI] as number) + d - d * xmf;
      acc[line + xaI + 1] = (acc[line + xaI + 1] as number) + d * xmf;
    } else {
      const s = 1 / (xb - xa);
      const xaF = xa - xaFloor;
      const a0 = 0.5 * s * (1 - xaF) ** 2;
      const xbF = xb - xbI + 1;
      const am = 0.5 * s * xbF ** 2;
      acc[line + xaI] = (acc[line + xaI] as number) + d * a0;
      if (xbI === xaI + 2) {
        acc[line + xaI + 1] = (acc[line + xaI + 1] as number) + d * (1 - a0 - am);
      } else {
        const a1 = s * (1.5 - xaF);
        acc[line + xaI + 1] = (acc[line + xaI + 1] as number) + d * (a1 - a0);
        for (let xi = xaI + 2; xi < xbI - 1; xi++) acc[line + xi] = (acc[line + xi] as number) + d * s;
        const a2 = a1 + (xbI - xaI - 3) * s;
        acc[line + xbI - 1] = (acc[line + xbI - 1] as number) + d * (1 - a2 - am);
      }
      acc[line + xbI] = (acc[line + xbI] as number) + d * am;
    }
    x = xNext;
  }
}

/** Quadratic curves become this many straight pieces per font unit of bend, at least one. */
const FLATNESS = 0.35;

/** Reads chart-font.ts's compact paths into polygons (see bin/generate-chart-font.ts for the format). */
function parsePath(path: string): Float64Array[] {
  const contours: Float64Array[] = [];
  let points: number[] = [];
  let x = 0;
  let y = 0;
  let start: [number, number] = [0, 0];
  let op = '';
  const tokens = path.match(/[mlqz]|-?\d+/g) ?? [];
  const close = () => {
    if (points.length >= 6) contours.push(Float64Array.from(points));
    points = [];
  };
  for (let i = 0; i < tokens.length;) {
    const token = tokens[i] as string;
    if (/[a-z]/.test(token)) {
      op = token;
      i++;
      if (op === 'z') {
        close();
        [x, y] = start;
      }
      continue;
    }
    const at = (k: number) => Number(tokens[i + k]);
    if (op === 'm') {
      close();
      x += at(0);
      y += at(1);
      start = [x, y];
      points.push(x, y);
      i += 2;
    } else if (op === 'l') {
      x += at(0);
      y += at(1);
      points.push(x, y);
      i += 2;
    } else if (op === 'q') {
      const [cx, cy, ex, ey] = [x + at(0), y + at(1), x + at(2), y + at(3)];
      const bend = Math.hypot(x - 2 * cx + ex, y - 2 * cy + ey);
      const pieces = Math.max(1, Math.ceil(Math.sqrt(bend * FLATNESS) / 2));
      for (let p = 1; p <= pieces; p++) {
        const t = p / pieces;
        const u = 1 - t;
        points.push(u * u * x + 2 * u * t * cx + t * t * ex, u * u * y + 2 * u * t * cy + t * t * ey);
      }
      [x, y] = [ex, ey];
      i += 4;
    } else {
      throw new Error(`chart-font.ts: unexpected ${JSON.stringify(token)} in a glyph outline`);
    }
  }
  close();
  return contours;
}
