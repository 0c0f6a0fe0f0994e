import type { BgnbdRiskBasis } from '../../core/bgnbd-risk.ts';
import type { LearnedRiskModel, NotLearnedReason } from '../../core/learned/model.ts';

/**
 * What a fit of the risk model came to, as the weekly run, `risk fit` and `evaluate` report it. Apart from
 * learned-scoring.ts so that the offline `evaluate` does not load the DynamoDB client to print one line.
 */

export type RefitOutcome = { horizonDays: number } & (
  | {
      status: 'fitted';
      modelAsOf: string;
      source: LearnedRiskModel['source'];
      bgnbdBasis: BgnbdRiskBasis | null;
      /** For a BG/NBD model: why nothing was learned. */
      notLearned?: NotLearnedReason;
      rows: number;
      lapsed: number;
      threshold: number;
      trainingAuc: number | null;
      trainingF1: number;
      /** The day already had a stored model, which was kept as it was. */
      kept?: boolean;
    }
  /** The fit itself failed (reported, never thrown, by the weekly run). */
  | { status: 'failed'; message: string }
);

/** What a fit came to, as the weekly run and the CLI report it. */
export function refitOutcomeOf(model: LearnedRiskModel): RefitOutcome & { status: 'fitted' } {
  return {
    status: 'fitted',
    horizonDays: model.horizonDays,
    modelAsOf: model.asOf,
    source: model.source,
    bgnbdBasis: model.bgnbdBasis,
    ...(model.notLearned ? { notLearned: model.notLearned } : {}),
    rows: model.rows,
    lapsed: model.lapsed,
    threshold: model.threshold,
    trainingAuc: model.training.auc,
    trainingF1: model.training.f1,
  };
}
