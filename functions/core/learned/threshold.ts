/** The at-risk line: chosen on labelled outcomes (best F1), or on the probabilities alone. */

/**
 * The line with the best F1 the probabilities themselves expect: flagging the customers at or above it,
 * each flagged one is lost with its own probability, so the expected hits are the sum of theirs and the
 * expected losses the sum of all. Used where there are no labels to choose a line on; for calibrated
 * probabilities it lands where the F1 on real outcomes would (half the best F1).
 *
 * @example expectedF1Line([0.9, 0.8, 0.1, 0.05]) // ≈ 0.45: flags the two likely losses
 */
export function expectedF1Line(probabilities: readonly number[]): number {
  const sorted = [...probabilities].sort((a, b) => b - a);
  let total = 0;
  for (const p of sorted) total += p;
  if (sorted.length === 0 || total <= 0) return 0.5;
  let best = { f1: -1, threshold: 0.5 };
  let hits = 0;
  for (let k = 0; k < sorted.length; k++) {
    hits += sorted[k] as number;
    const next = sorted[k + 1];
    // Equal probabilities are flagged together: only cut between different ones.
    if (next !== undefined && next === sorted[k]) continue;
    const f1 = (2 * hits) / (k + 1 + total);
    if (f1 > best.f1 + 1e-12) {
      const here = sorted[k] as number;
      best = { f1, threshold: next === undefined ? here : midpointAbove(next, here) };
    }
  }
  return best.threshold;
}

/**
 * The lowest line chosen without labels. Expected F1 is blind when hardly anyone is likely to stop: with every
 * probability near 0 it would flag the "most likely" of shops that all ordered this week. Below one chance in
 * five, a shop is not worth a rep's morning on a model's word alone.
 */
export const MIN_UNLABELLED_LINE = 0.2;

export interface ThresholdChoice {
  /** Flag a score ≥ threshold. */
  threshold: number;
  f1: number;
  precision: number;
  recall: number;
  /** How many of the given scores the threshold flags. */
  flagged: number;
}

/**
 * The threshold that maximises F1 of flagging scores ≥ threshold. Equal scores are always flagged together.
 * Where several cut points reach the same F1, the one flagging the fewest wins (a shorter list for the same
 * quality), and the threshold sits half-way between the lowest flagged score and the highest unflagged one,
 * so a slightly different score on the next run lands on the same side as its neighbours did. With no
 * positive at all nothing is worth flagging: the threshold is then above every score.
 *
 * @example
 * chooseThreshold([0.9, 0.8, 0.3, 0.1], [true, true, false, false]); // threshold 0.55, f1 1
 */
export function chooseThreshold(
  scores: readonly number[],
  labels: readonly boolean[],
  /**
   * The line in use (the last model's): among cut points whose F1 is within `F1_PLATEAU` of the best, the one
   * nearest it wins, so a weekly refit on nearly the same history does not move the line by noise.
   */
  near?: number,
): ThresholdChoice {
  if (scores.length !== labels.length)
    throw new RangeError(`${scores.length} scores but ${labels.length} labels`);
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let positives = 0;
  for (const label of labels) if (label) positives++;
  const top = scores.length === 0 ? 0 : (scores[order[0] as number] as number);
  const none: ThresholdChoice = { threshold: top + 1, f1: 0, precision: 0, recall: 0, flagged: 0 };
  const cuts: ThresholdChoice[] = [];
  let truePositives = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    const score = scores[order[start] as number] as number;
    while (end < order.length && scores[order[end] as number] === score) {
      if (labels[order[end] as number]) truePositives++;
      end++;
    }
    const f1 = truePositives === 0 ? 0 : (2 * truePositives) / (end + positives);
    const next = end < order.length ? (scores[order[end] as number] as number) : null;
    cuts.push({
      threshold: next === null ? score : midpointAbove(next, score),
      f1,
      precision: truePositives / end,
      recall: positives === 0 ? 0 : truePositives / positives,
      flagged: end,
    });
    start = end;
  }
  let best = none;
  // Strictly better only: on a tie the earlier (higher) cut point, which flags fewer, stays.
  for (const cut of cuts) if (cut.f1 > best.f1 + 1e-12) best = cut;
  if (near === undefined || best.f1 === 0) return best;
  let kept = best;
  for (const cut of cuts) {
    if (cut.f1 < best.f1 * (1 - F1_PLATEAU)) continue;
    if (Math.abs(cut.threshold - near) < Math.abs(kept.threshold - near)) kept = cut;
  }
  return kept;
}

/** Cut points this close to the best F1 (relative) are as good: noise decides between them. */
export const F1_PLATEAU = 0.01;

/** Half-way between two scores, or the upper one when they are so close that half-way rounds onto the lower. */
function midpointAbove(lower: number, upper: number): number {
  const mid = lower + (upper - lower) / 2;
  return mid > lower ? mid : upper;
}
