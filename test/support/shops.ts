import type { Day } from '../../functions/core/days.ts';
import type { OrderLine } from '../../functions/core/records.ts';

/** A seeded generator (mulberry32): the tests need noise, the same noise on every run. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller) from a uniform generator. */
export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Shops ordering every 7 to 60 days with some jitter; about a third stop for good at some point, so every
 * as-of day has customers who go on to lapse and customers who keep buying.
 */
export function shopLines(count: number, from: Day, to: Day, seed = 7): OrderLine[] {
  const random = seeded(seed);
  const lines: OrderLine[] = [];
  for (let c = 0; c < count; c++) {
    const cycle = [7, 14, 30, 60][c % 4] as number;
    const stop = random() < 0.35 ? from + 60 + Math.floor(random() * (to - from - 60)) : to;
    const amount = 10_000 + Math.floor(random() * 90_000);
    let orderDay = from + Math.floor(random() * cycle);
    for (let n = 0; orderDay <= stop; n++) {
      lines.push({
        orderId: `S${c}-${n}`,
        customerId: `S${String(c).padStart(3, '0')}`,
        day: orderDay,
        amount,
        status: 'placed',
      });
      orderDay += Math.max(1, Math.round(cycle * (0.6 + 0.8 * random())));
    }
  }
  return lines;
}
