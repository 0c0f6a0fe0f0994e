import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { barChartPng, canDraw, niceCeiling } from '../../functions/render/png-chart.ts';

const RED = '#d62828';
const BLUE = '#1f5fa8';

function pixel(png: PNG, x: number, y: number): string {
  const at = (y * png.width + x) * 4;
  const hex = (i: number) => (png.data[at + i] ?? 0).toString(16).padStart(2, '0');
  return `#${hex(0)}${hex(1)}${hex(2)}`;
}

/*
 * Geometry of a 400 × 200 chart, as png-chart lays it out: 8 px margins, so the plot spans x 8–392 and
 * y 8–192 (184 px high, baseline at y 192). Two groups of 192 px, each inset by 19 px on both sides, leave
 * two bars of 77 px: bar 0 at x 27–103, bar 1 at x 104–180 (plus 192 for the second group).
 */
const chart = () =>
  PNG.sync.read(
    barChartPng({
      width: 400,
      height: 200,
      groups: [{ values: [10, 5] }, { values: [0, 10] }],
      colors: [RED, BLUE],
    }),
  );

describe('barChartPng', () => {
  it('draws a PNG of the requested size', () => {
    // Act
    const png = chart();

    // Assess
    expect(png.width).toBe(400);
    expect(png.height).toBe(200);
  });

  it('draws grouped bars in the series colours, as tall as their values on a round scale', () => {
    // Act
    const png = chart();

    // Assess: group 1, a full-height red bar and a half-height blue one.
    expect(pixel(png, 65, 20)).toBe(RED);
    expect(pixel(png, 65, 190)).toBe(RED);
    expect(pixel(png, 142, 150)).toBe(BLUE);
    expect(pixel(png, 142, 104)).toBe(BLUE);
    expect(pixel(png, 142, 90)).not.toBe(BLUE);
    // Group 2: zero draws no bar, the second series is full height.
    expect(pixel(png, 192 + 65, 180)).not.toBe(RED);
    expect(pixel(png, 192 + 142, 20)).toBe(BLUE);
    // Between the groups the background shows.
    expect(pixel(png, 200, 180)).toBe('#ffffff');
  });

  it('draws a dark baseline and light gridlines behind the bars', () => {
    // Act
    const png = chart();

    // Assess: gridlines at a quarter, half and three quarters of 184 px above the baseline.
    expect(pixel(png, 200, 193)).toBe('#7b8794');
    for (const y of [146, 100, 54]) expect(pixel(png, 200, y)).toBe('#e4e7eb');
    expect(pixel(png, 200, 147)).toBe('#ffffff');
    expect(pixel(png, 65, 146)).toBe(RED);
  });

  it('gives the same bytes for the same chart', () => {
    // Act
    const hashes = [1, 2].map(() =>
      createHash('sha256')
        .update(barChartPng({ width: 300, height: 120, groups: [{ values: [3] }], colors: [BLUE] }))
        .digest('hex'),
    );

    // Assess
    expect(hashes[0]).toBe(hashes[1]);
  });

  it('stays small for a typical email chart drawn at twice its display size', () => {
    // Act
    const bytes = barChartPng({
      width: 1104,
      height: 320,
      groups: Array.from({ length: 13 }, (_, i) => ({ values: [150 + ((i * 37) % 41), 90 + i] })),
      colors: [BLUE, '#a9b4c2'],
    });

    // Assess
    expect(bytes.length).toBeLessThan(20 * 1024);
  });

  it('lets one group override the series colours, and skips negative and missing values', () => {
    // Act
    const png = PNG.sync.read(
      barChartPng({
        width: 400,
        height: 200,
        groups: [{ values: [10], colors: ['#abc'] }, { values: [Number.NaN] }, { values: [-4] }],
        colors: [BLUE],
      }),
    );

    // Assess: three groups of 128 px; the first bar is the override, the others are not drawn.
    expect(pixel(png, 70, 100)).toBe('#aabbcc');
    expect(pixel(png, 8 + 128 + 64, 180)).toBe('#ffffff');
    expect(pixel(png, 8 + 256 + 64, 180)).toBe('#ffffff');
  });

  it('shows a sliver for a value far below the maximum, so small is not mistaken for none', () => {
    // Act
    const png = PNG.sync.read(
      barChartPng({ width: 400, height: 200, groups: [{ values: [1000] }, { values: [1] }], colors: [BLUE] }),
    );

    // Assess
    expect(pixel(png, 300, 191)).toBe(BLUE);
  });

  it('refuses sizes and colours it cannot draw', () => {
    expect(() => barChartPng({ width: 0, height: 100, groups: [], colors: [BLUE] })).toThrow(RangeError);
    expect(() => barChartPng({ width: 100.5, height: 100, groups: [], colors: [BLUE] })).toThrow(RangeError);
    expect(() => barChartPng({ width: 100, height: 100, groups: [], colors: ['red'] })).toThrow(
      'Chart colour must be #rgb or #rrggbb',
    );
  });
});

describe('barChartPng with text', () => {
  const INK = '#1f2933';
  const MUTED = '#616e7c';
  const AXIS = '#7b8794';
  const labelled = (overrides: Partial<Parameters<typeof barChartPng>[0]> = {}) =>
    PNG.sync.read(
      barChartPng({
        width: 600,
        height: 320,
        textSize: 24,
        colors: [BLUE],
        title: '按客户等级的风险客户数',
        valueAxisTitle: '客户数',
        categoryAxisTitle: '客户等级',
        formatTick: (value) => String(value),
        wholeSteps: true,
        groups: [
          { values: [3], label: '非常重要', valueLabels: ['3'] },
          { values: [5], label: '重要', valueLabels: ['5'] },
        ],
        ...overrides,
      }),
    );
  /** How many pixels of `color` lie in the rows from y0 to y1. */
  const countIn = (png: PNG, color: string, y0: number, y1: number) => {
    let count = 0;
    for (let y = Math.round(y0); y < Math.round(y1); y++) {
      for (let x = 0; x < png.width; x++) if (pixel(png, x, y) === color) count++;
    }
    return count;
  };
  const baselineOf = (png: PNG) => {
    for (let y = 0; y < png.height; y++) if (pixel(png, png.width - 20, y) === AXIS) return y;
    return -1;
  };

  it('draws the title at the top and the category labels under the baseline', () => {
    // Act
    const png = labelled();
    const baseline = baselineOf(png);

    // Assess
    expect(baseline).toBeGreaterThan(150);
    expect(countIn(png, INK, 0, 40)).toBeGreaterThan(100);
    expect(countIn(png, INK, baseline + 2, png.height)).toBeGreaterThan(50);
    expect(countIn(png, MUTED, baseline + 2, png.height)).toBeGreaterThan(30);
  });

  it('leaves a column for the scale and steps it by whole numbers for counts', () => {
    // Act
    const png = labelled();
    const baseline = baselineOf(png);
    let plotLeft = 0;
    while (pixel(png, plotLeft, baseline) !== AXIS) plotLeft++;
    // The gridlines from the baseline up: 5 is the scale's top, in 5 steps of 1.
    const grid: number[] = [];
    for (let y = baseline - 1; y > 0; y--) {
      if (pixel(png, png.width - 20, y) === '#e4e7eb' && pixel(png, png.width - 20, y + 1) !== '#e4e7eb') {
        grid.push(y);
      }
    }

    // Assess: tick labels (muted) left of the plot, every other one where they would touch.
    expect(plotLeft).toBeGreaterThan(15);
    expect(countIn(png, MUTED, 40, baseline)).toBeGreaterThan(20);
    expect(grid).toHaveLength(5);
  });

  it('puts the value over its bar', () => {
    // Act: the bar of 5 reaches the scale's top; its label is drawn just above it.
    const png = labelled();
    const baseline = baselineOf(png);
    const x = Math.round(png.width * 0.75);
    let top = baseline;
    while (pixel(png, x, top - 1) === BLUE) top--;

    // Assess
    let inkAbove = 0;
    for (let y = top - 30; y < top; y++)
      for (let dx = -15; dx < 15; dx++) if (pixel(png, x + dx, y) === INK) inkAbove++;
    expect(inkAbove).toBeGreaterThan(5);
  });

  it('draws a text it has no glyphs for as nothing, so a caller can draw the id instead', () => {
    // Act
    const withName = barChartPng({
      width: 300,
      height: 200,
      colors: [BLUE],
      groups: [{ values: [1], label: '張記' }],
    });
    const withNone = barChartPng({
      width: 300,
      height: 200,
      colors: [BLUE],
      groups: [{ values: [1], label: '' }],
    });

    // Assess
    expect(canDraw('張記')).toBe(false);
    expect(canDraw('R01 重要')).toBe(true);
    expect(withName.equals(withNone)).toBe(true);
  });
});

describe('niceCeiling', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [12, 20],
    [21, 25],
    [160, 200],
    [0.09, 0.1],
    [0.021, 0.025],
  ])('%d → %d', (value, expected) => {
    expect(niceCeiling(value)).toBe(expected);
  });
});
