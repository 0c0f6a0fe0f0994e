import { PNG } from 'pngjs';

/**
 * Bar charts as PNG for the weekly email. Mail clients do not run scripts or render SVG reliably, and
 * fonts in an image would need a CJK font in the Lambda bundle, so the image holds only bars, gridlines and
 * a baseline; the email puts every label and number next to it in HTML, where the reader's own fonts apply.
 */

export interface BarGroup {
  /** One value per series; negative and non-finite values draw no bar. */
  values: readonly number[];
  /** Overrides the series colours for this group only (e.g. a lighter bar for an unfinished month). */
  colors?: readonly (string | undefined)[];
}

export interface BarChartOptions {
  /** Pixels; render at twice the displayed size for sharp bars on phones. */
  width: number;
  height: number;
  groups: readonly BarGroup[];
  /** One hex colour (`#rgb` or `#rrggbb`) per series. */
  colors: readonly string[];
  /** The value at the top of the plot; default {@link niceCeiling} of the largest value. */
  max?: number;
  /** Light horizontal lines dividing the scale into this many steps; default 4. */
  gridLines?: number;
  background?: string;
  gridColor?: string;
  axisColor?: string;
}

type Rgb = readonly [number, number, number];

const MAX_SIDE = 4000;

/**
 * The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value`, so gridlines fall on round numbers the HTML can
 * name (1 for an empty chart).
 */
export function niceCeiling(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude;
    // Rounds away float noise such as 2.5 × 0.01 = 0.025000000000000001.
    const rounded = Number(candidate.toPrecision(12));
    if (rounded >= value) return rounded;
  }
  return 10 * magnitude;
}

/** Grouped vertical bars on a light grid; the same options always give the same bytes. */
export function barChartPng(options: BarChartOptions): Buffer {
  const { width, height } = options;
  for (const [name, side] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(side) || side < 16 || side > MAX_SIDE) {
      throw new RangeError(
        `Chart ${name} must be a whole number of pixels from 16 to ${MAX_SIDE}, got ${side}`,
      );
    }
  }
  const seriesColors = options.colors.map(parseHex);
  const background = parseHex(options.background ?? '#ffffff');
  const gridColor = parseHex(options.gridColor ?? '#e4e7eb');
  const axisColor = parseHex(options.axisColor ?? '#7b8794');
  const gridLines = Math.max(0, Math.floor(options.gridLines ?? 4));

  const png = new PNG({ width, height });
  const fill = (x0: number, y0: number, x1: number, y1: number, color: Rgb) => {
    const left = Math.max(0, x0);
    const right = Math.min(width, x1);
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
      for (let x = left; x < right; x++) {
        const at = (y * width + x) * 4;
        png.data[at] = color[0];
        png.data[at + 1] = color[1];
        png.data[at + 2] = color[2];
        png.data[at + 3] = 255;
      }
    }
  };

  // A thin margin keeps the top bar and gridline off the image edge; the line width scales with the image.
  const line = Math.max(1, Math.round(height / 180));
  const top = Math.max(2, Math.round(height * 0.04));
  const side = Math.max(2, Math.round(width * 0.02));
  const baseline = height - Math.max(2, Math.round(height * 0.04));
  const plotHeight = baseline - top;
  const plotLeft = side;
  const plotWidth = width - 2 * side;

  fill(0, 0, width, height, background);
  for (let i = 1; i <= gridLines; i++) {
    const y = baseline - Math.round((plotHeight * i) / gridLines);
    fill(plotLeft, y, plotLeft + plotWidth, y + line, gridColor);
  }

  const values = options.groups.flatMap((group) => group.values.filter(isDrawable));
  const max =
    options.max !== undefined && options.max > 0 ? options.max : niceCeiling(Math.max(0, ...values));
  const groupCount = options.groups.length;
  const seriesCount = Math.max(1, ...options.groups.map((group) => group.values.length));
  options.groups.forEach((group, g) => {
    const groupLeft = plotLeft + Math.round((plotWidth * g) / groupCount);
    const groupRight = plotLeft + Math.round((plotWidth * (g + 1)) / groupCount);
    // A fifth of each group's width is space, split on both sides, so neighbouring groups stay apart.
    const inset = Math.round((groupRight - groupLeft) * 0.1);
    const barsLeft = groupLeft + inset;
    const barsWidth = groupRight - inset - barsLeft;
    const gap = seriesCount > 1 && barsWidth / seriesCount > 6 ? line : 0;
    group.values.forEach((value, s) => {
      if (!isDrawable(value)) return;
      const color = parseOptionalHex(group.colors?.[s]) ?? seriesColors[s % seriesColors.length];
      if (!color) return;
      const x0 = barsLeft + Math.round((barsWidth * s) / seriesCount);
      const x1 = barsLeft + Math.round((barsWidth * (s + 1)) / seriesCount) - (s < seriesCount - 1 ? gap : 0);
      // A value above zero always shows at least a sliver, so "few" never looks like "none".
      const barHeight =
        value === 0 ? 0 : Math.max(line * 2, Math.round((Math.min(value, max) / max) * plotHeight));
      fill(x0, baseline - barHeight, x1, baseline, color);
    });
  });
  fill(0, baseline, width, baseline + line + 1, axisColor);

  return PNG.sync.write(png, { colorType: 2, deflateLevel: 9 });
}

const isDrawable = (value: number): boolean => Number.isFinite(value) && value >= 0;

function parseOptionalHex(text: string | undefined): Rgb | undefined {
  return text === undefined ? undefined : parseHex(text);
}

function parseHex(text: string): Rgb {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text.trim());
  if (!match) throw new RangeError(`Chart colour must be #rgb or #rrggbb, got ${JSON.stringify(text)}`);
  const digits = match[1] as string;
  const hex = digits.length === 3 ? [...digits].map((c) => c + c).join('') : digits;
  const channel = (i: number) => parseInt(hex.slice(i, i + 2), 16);
  return [channel(0), channel(2), channel(4)];
}
