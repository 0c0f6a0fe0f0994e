// A small seeded PRNG for the sample data. Sample files are committed as test fixtures and compared byte for byte,
// so every random choice must come from here: Math.random would make the output differ on every run.

const UINT32 = 0x1_0000_0000;

/** Mixes integers into one 32-bit seed, so each customer can get its own independent stream. */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x9e37_79b9;
  const absorb = (word: number): void => {
    h = Math.imul(h ^ word, 0x85eb_ca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2_ae35);
    h ^= h >>> 16;
  };
  for (const part of parts) {
    // Both halves of a 53-bit integer, so seeds 1 and 2 ** 32 + 1 differ.
    absorb(part >>> 0);
    absorb(Math.floor(part / 0x1_0000_0000) >>> 0);
  }
  return h >>> 0;
}

/** Running totals of weights, for repeated weighted picks with a binary search instead of a linear scan. */
export function cumulativeWeights(weights: readonly number[]): number[] {
  const totals: number[] = [];
  let sum = 0;
  for (const weight of weights) {
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new RangeError(`Invalid weight: ${weight}`);
    sum += weight;
    totals.push(sum);
  }
  if (sum <= 0) throw new RangeError('Weights must not all be zero');
  return totals;
}

/**
 * sfc32 (Chris Doty-Humphrey's small fast counter): fast, passes PractRand, and its 128-bit state makes short
 * cycles a non-issue even with thousands of derived streams. Seeded through splitmix32 so nearby seeds diverge.
 */
export class SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const splitmix = (): number => {
      s = (s + 0x9e37_79b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85eb_ca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2_ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = splitmix();
    this.#b = splitmix();
    this.#c = splitmix();
    this.#d = splitmix();
    // The first outputs of sfc32 are still correlated with the seed.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / UINT32;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new RangeError(`Invalid integer range [${min}, ${max}]`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index drawn with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    return this.cumulativeIndex(cumulativeWeights(weights));
  }

  weightedPick<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length !== weights.length) throw new RangeError('Items and weights differ in length');
    return items[this.weightedIndex(weights)] as T;
  }

  /** Like weightedIndex, over totals precomputed with cumulativeWeights. */
  cumulativeIndex(totals: readonly number[]): number {
    const total = totals[totals.length - 1];
    if (total === undefined) throw new RangeError('Cannot pick from an empty list');
    const target = this.next() * total;
    let lo = 0;
    let hi = totals.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((totals[mid] as number) > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Box-Muller; no cached spare value, so the stream position depends only on the number of calls. */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** exp(N(mu, sigma)): right-skewed and positive, the usual shape of order values and shop sizes. */
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`Invalid Poisson mean: ${lambda}`);
    if (lambda === 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    // Knuth: exact and cheap for the small means used here.
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Fisher-Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

export function createRandom(seed: number): SeededRandom {
  return new SeededRandom(seed);
}
