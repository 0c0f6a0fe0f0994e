import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrderIndex } from '../../../functions/adapters/csv/order-index.ts';

describe('OrderIndex', () => {
  it('keeps the first position of each key, through many growths', () => {
    // Prepare
    const keys: string[] = [];
    const index = new OrderIndex((position) => keys[position] as string);

    // Act
    let alreadyThere = 0;
    for (let i = 0; i < 100_000; i++) {
      const key = `SO${i}`;
      if (index.firstOrAdd(key, keys.length) !== -1) alreadyThere++;
      keys.push(key);
    }

    // Assess
    expect(alreadyThere).toBe(0);
    expect(index.size).toBe(100_000);
    expect(index.firstOrAdd('SO0', 123)).toBe(0);
    expect(index.firstOrAdd('SO99999', 123)).toBe(99_999);
    expect(index.get('SO54321')).toBe(54_321);
    expect(index.get('SO100000')).toBe(-1);
    expect(index.get('')).toBe(-1);
  });

  it('behaves like a Map of first positions for any keys', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 4 }), { maxLength: 3_000 }), (keys) => {
        // Prepare
        const expected = new Map<string, number>();
        const index = new OrderIndex((position) => keys[position] as string);

        // Act & Assess
        keys.forEach((key, position) => {
          expect(index.firstOrAdd(key, position)).toBe(expected.get(key) ?? -1);
          if (!expected.has(key)) expected.set(key, position);
        });
        for (const [key, position] of expected) expect(index.get(key)).toBe(position);
        expect(index.size).toBe(expected.size);
      }),
      { numRuns: 200 },
    );
  });
});
