// Apart from backtest.ts so that what scores customers every day (the risk model's training reads it) does
// not load the backtest, and with it the rule evaluation and profile building, into every Lambda bundle.

/**
 * The area under the ROC curve of a score (higher = more likely churned): the chance that a random churned
 * customer scores above a random one who stayed, ties counted half (the Mann–Whitney U statistic over
 * n₊·n₋). Exact, O(n log n). Null when either class is empty.
 *
 * @example auc([0.9, 0.5, 0.5, 0.1], [true, true, false, false]) // (1 + 1 + 0.5 + 1) / 4 = 0.875
 */
export function auc(scores: readonly number[], labels: readonly boolean[]): number | null {
  if (scores.length !== labels.length) throw new RangeError('scores and labels must have the same length');
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let negatives = 0;
  // Twice the count of (positive, negative) pairs ordered correctly, ties as half: integers, so exact.
  let twiceWins = 0;
  for (let start = 0; start < order.length;) {
    const score = scores[order[start] as number] as number;
    if (Number.isNaN(score)) throw new RangeError('scores must be numbers, not NaN');
    let end = start;
    let groupPositives = 0;
    let groupNegatives = 0;
    while (end < order.length && scores[order[end] as number] === score) {
      if (labels[order[end] as number]) groupPositives++;
      else groupNegatives++;
      end++;
    }
    twiceWins += groupPositives * (2 * negatives + groupNegatives);
    positives += groupPositives;
    negatives += groupNegatives;
    start = end;
  }
  return positives === 0 || negatives === 0 ? null : twiceWins / (2 * positives * negatives);
}
