import { PNG } from 'pngjs';
import { ascent, descent, drawText, missingGlyphs, type Rgb, textWidth } from './chart-text.ts';

/**
 * Bar charts as PNG for the weekly email. Mail clients do not run scripts or render SVG reliably, so the chart
 * is a picture; its title, axis labels and values are drawn into it with the glyphs of chart-text.ts (the
 * characters of chart-words.ts, Chinese included), so a manager reads the chart without the text around it.
 * The email still puts the numbers in HTML and alt text for clients that block images.
 */

export interface BarGroup {
  /** One value per series; negative and non-finite values draw no bar. */
  values: readonly number[];
  /** Overrides the series colours for this group only (e.g. a lighter bar for an unfinished month). */
  colors?: readonly (string | undefined)[];
  /** Under the group on the category axis, e.g. a tier or a month. */
  label?: string;
  /** Over each bar, one per series, e.g. `12` or `6.7%`; a label over a missing bar sits on the baseline. */
  valueLabels?: readonly (string | undefined)[];
}

export interface LegendEntry {
  label: string;
  color: string;
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
  /** For counts: the steps are whole numbers (5 customers in 5 steps rather than 4 of 1.25). */
  wholeSteps?: boolean;
  /** Above the plot, e.g. `各等级流失率`. */
  title?: string;
  /** What the value axis counts, above its labels, e.g. `客户数` or `金额（元）`. */
  valueAxisTitle?: string;
  /** Under the category labels, e.g. `客户等级`. */
  categoryAxisTitle?: string;
  /** Labels the gridlines (0 and each step up to the maximum) with this; no scale is drawn without it. */
  formatTick?: (value: number) => string;
  /** Colour keys on the line under the title, right-aligned. */
  legend?: readonly LegendEntry[];
  /** The em of axis labels and values in pixels; titles are a fifth larger. Default width ÷ 40. */
  textSize?: number;
  background?: string;
  gridColor?: string;
  axisColor?: string;
  textColor?: string;
  mutedTextColor?: string;
}

const MAX_SIDE = 4000;

/**
 * The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value`, so gridlines fall on round numbers
 * (1 for an empty chart).
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

/**
 * Whether the charts can draw `text`: every character is in the chart font. A caller with a name from master
 * data draws it when this is true and its id otherwise; the chart itself draws nothing for text it cannot.
 */
export const canDraw = (text: string): boolean => missingGlyphs(text).length === 0;

/** Grouped vertical bars on a light grid, with the texts given; the same options always give the same bytes. */
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
  const textColor = parseHex(options.textColor ?? '#1f2933');
  const mutedColor = parseHex(options.mutedTextColor ?? '#616e7c');
  const values = options.groups.flatMap((group) => group.values.filter(isDrawable));
  const max =
    options.max !== undefined && options.max > 0 ? options.max : niceCeiling(Math.max(0, ...values));
  const requested = Math.max(0, Math.floor(options.gridLines ?? 4));
  const gridLines = options.wholeSteps
    ? ([requested, 5, 4, 2, 1].find((n) => n > 0 && Number.isInteger(max / n)) ?? requested)
    : requested;

  const png = new PNG({ width, height });
  const fill = (x0: number, y0: number, x1: number, y1: number, color: Rgb) => {
    const left = Math.max(0, Math.round(x0));
    const right = Math.min(width, Math.round(x1));
    for (let y = Math.max(0, Math.round(y0)); y < Math.min(height, Math.round(y1)); y++) {
      for (let x = left; x < right; x++) {
        const at = (y * width + x) * 4;
        png.data[at] = color[0];
        png.data[at + 1] = color[1];
        png.data[at + 2] = color[2];
        png.data[at + 3] = 255;
      }
    }
  };

  const layout = chartLayout(options, max, gridLines);
  const { line, plotLeft, plotRight, plotTop, baseline, text } = layout;
  const plotWidth = plotRight - plotLeft;
  const plotHeight = baseline - plotTop;
  const gridY = (i: number) => baseline - Math.round((plotHeight * i) / Math.max(1, gridLines));

  fill(0, 0, width, height, background);
  for (let i = 1; i <= gridLines; i++) fill(plotLeft, gridY(i), plotRight, gridY(i) + line, gridColor);

  const groupCount = options.groups.length;
  const seriesCount = Math.max(1, ...options.groups.map((group) => group.values.length));
  const valueLabels: { text: string; x: number; y: number; room: number }[] = [];
  options.groups.forEach((group, g) => {
    const groupLeft = plotLeft + Math.round((plotWidth * g) / groupCount);
    const groupRight = plotLeft + Math.round((plotWidth * (g + 1)) / groupCount);
    // A fifth of each group's width is space, split on both sides, so neighbouring groups stay apart.
    const inset = Math.round((groupRight - groupLeft) * 0.1);
    const barsLeft = groupLeft + inset;
    const barsWidth = groupRight - inset - barsLeft;
    const gap = seriesCount > 1 && barsWidth / seriesCount > 6 ? line : 0;
    group.values.forEach((value, s) => {
      const x0 = barsLeft + Math.round((barsWidth * s) / seriesCount);
      const x1 = barsLeft + Math.round((barsWidth * (s + 1)) / seriesCount) - (s < seriesCount - 1 ? gap : 0);
      const color = parseOptionalHex(group.colors?.[s]) ?? seriesColors[s % seriesColors.length];
      // A value above zero always shows at least a sliver, so "few" never looks like "none".
      const barHeight =
        !isDrawable(value) || value === 0
          ? 0
          : Math.max(line * 2, Math.round((Math.min(value, max) / max) * plotHeight));
      if (color && barHeight > 0) fill(x0, baseline - barHeight, x1, baseline, color);
      const label = group.valueLabels?.[s];
      if (label && text) {
        const room = plotWidth / (groupCount * seriesCount);
        valueLabels.push({ text: label, x: (x0 + x1) / 2, y: baseline - barHeight - text.gap, room });
      }
    });
    if (group.label && text) {
      const size = fitSize(group.label, text.size, groupRight - groupLeft - text.gap);
      drawText(
        png,
        group.label,
        (groupLeft + groupRight) / 2,
        layout.categoryBaseline,
        size,
        textColor,
        'center',
      );
    }
  });
  // Without a scale the baseline runs edge to edge; with one it starts where the scale's labels end.
  fill(text ? plotLeft : 0, baseline, text ? plotRight : width, baseline + line + 1, axisColor);

  if (text) {
    // Drawn after all bars, so a label over a short bar is not painted over by its taller neighbour.
    for (const label of valueLabels) {
      drawText(
        png,
        label.text,
        label.x,
        label.y,
        fitSize(label.text, text.size, label.room),
        textColor,
        'center',
      );
    }
    if (options.formatTick) {
      // Every other label (or fewer) where the steps are closer than a line of text.
      const step = plotHeight / Math.max(1, gridLines);
      const every = Math.ceil((ascent(text.size) + descent(text.size)) / step);
      for (let i = 0; i <= gridLines; i += every) {
        const tick = options.formatTick((max * i) / Math.max(1, gridLines));
        const y = gridY(i) + line / 2 + (ascent(text.size) - descent(text.size)) / 2;
        drawText(png, tick, plotLeft - text.gap, y, text.size, mutedColor, 'right');
      }
    }
    if (options.title) {
      drawText(png, options.title, text.margin, layout.titleBaseline, text.titleSize, textColor);
    }
    if (options.valueAxisTitle) {
      drawText(png, options.valueAxisTitle, text.margin, layout.keyBaseline, text.size, mutedColor);
    }
    let legendRight = width - text.margin;
    for (const entry of [...(options.legend ?? [])].reverse()) {
      drawText(png, entry.label, legendRight, layout.keyBaseline, text.size, textColor, 'right');
      const keyRight = legendRight - textWidth(entry.label, text.size) - text.gap / 2;
      const keyTop = layout.keyBaseline - ascent(text.size) * 0.75;
      fill(keyRight - text.size * 0.7, keyTop, keyRight, keyTop + text.size * 0.7, parseHex(entry.color));
      legendRight = keyRight - text.size * 0.7 - text.size;
    }
    if (options.categoryAxisTitle) {
      const x = (plotLeft + plotRight) / 2;
      drawText(
        png,
        options.categoryAxisTitle,
        x,
        layout.categoryTitleBaseline,
        text.size,
        mutedColor,
        'center',
      );
    }
  }

  return PNG.sync.write(png, { colorType: 2, deflateLevel: 9 });
}

interface TextLayout {
  size: number;
  titleSize: number;
  /** Space between a text and what it labels. */
  gap: number;
  /** Between the image's edge and the texts. */
  margin: number;
}

interface ChartLayout {
  line: number;
  plotLeft: number;
  plotRight: number;
  plotTop: number;
  baseline: number;
  text: TextLayout | undefined;
  titleBaseline: number;
  /** The line with the value axis title and the legend. */
  keyBaseline: number;
  categoryBaseline: number;
  categoryTitleBaseline: number;
}

/**
 * Where the plot goes: without any text as before (thin margins), otherwise leaving lines for the title, the
 * axis title and legend, the values over the tallest bars, the category labels and their title, and a column
 * for the scale as wide as its widest label.
 */
function chartLayout(options: BarChartOptions, max: number, gridLines: number): ChartLayout {
  const { width, height } = options;
  const line = Math.max(1, Math.round(height / 180));
  const hasText =
    options.title !== undefined ||
    options.valueAxisTitle !== undefined ||
    options.categoryAxisTitle !== undefined ||
    options.formatTick !== undefined ||
    (options.legend?.length ?? 0) > 0 ||
    options.groups.some((group) => group.label !== undefined || group.valueLabels !== undefined);
  if (!hasText) {
    // A thin margin keeps the top bar and gridline off the image edge; the line width scales with the image.
    const side = Math.max(2, Math.round(width * 0.02));
    return {
      line,
      plotLeft: side,
      plotRight: width - side,
      plotTop: Math.max(2, Math.round(height * 0.04)),
      baseline: height - Math.max(2, Math.round(height * 0.04)),
      text: undefined,
      titleBaseline: 0,
      keyBaseline: 0,
      categoryBaseline: 0,
      categoryTitleBaseline: 0,
    };
  }
  const size = options.textSize ?? Math.round(width / 40);
  const text: TextLayout = {
    size,
    titleSize: Math.round(size * 1.2),
    gap: Math.round(size * 0.35),
    margin: Math.round(size * 0.5),
  };
  const lineHeight = (em: number) => Math.ceil((ascent(em) + descent(em)) * 1.05);
  let y = text.margin;
  const titleBaseline = y + ascent(text.titleSize);
  if (options.title !== undefined) y += lineHeight(text.titleSize);
  const keyBaseline = y + ascent(size);
  if (options.valueAxisTitle !== undefined || (options.legend?.length ?? 0) > 0) y += lineHeight(size);
  // Room over the plot for the value of a bar as tall as the scale, and half a label for the top tick.
  const plotTop = Math.round(y + lineHeight(size) * (options.groups.some((g) => g.valueLabels) ? 1 : 0.5));
  let bottom = height - text.margin;
  const categoryTitleBaseline = bottom - descent(size);
  if (options.categoryAxisTitle !== undefined) bottom -= lineHeight(size);
  const categoryBaseline = bottom - descent(size);
  if (options.groups.some((group) => group.label !== undefined)) bottom -= lineHeight(size);
  const baseline = Math.round(bottom - text.gap);
  const ticks = options.formatTick
    ? Array.from({ length: gridLines + 1 }, (_, i) =>
        textWidth(
          (options.formatTick as (value: number) => string)((max * i) / Math.max(1, gridLines)),
          size,
        ),
      )
    : [];
  const plotLeft = Math.round(text.margin + (ticks.length ? Math.max(...ticks) + text.gap : 0));
  if (baseline - plotTop < height * 0.25) {
    throw new RangeError(`Chart height ${height} leaves too little room for the plot under its texts`);
  }
  return {
    line,
    plotLeft,
    plotRight: width - text.margin,
    plotTop,
    baseline,
    text,
    titleBaseline,
    keyBaseline,
    categoryBaseline,
    categoryTitleBaseline,
  };
}

/** The size at which `text` fits `room` pixels, down to three quarters of `size` (then it may overlap). */
function fitSize(text: string, size: number, room: number): number {
  const width = textWidth(text, size);
  return width <= room ? size : Math.max(size * 0.75, (size * room) / width);
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
