import type { Locale } from '../core/locale.ts';
import type { PAliveModel } from '../core/p-alive-model.ts';
import { cliTextFor } from './cli-catalogue.ts';

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * One sentence on a model that was not used, for the run's notices: what happened and what it means. Null for
 * a usable model.
 */
export function describeSkippedModel(model: PAliveModel, locale: Locale): string | null {
  if (model.status === 'ok') return null;
  const text = cliTextFor(locale).modelNotices;
  switch (model.reason) {
    case 'too_few':
      return text.tooFew(model.customers, model.repeaters);
    case 'not_converged':
      return text.notConverged;
    case 'degenerate':
      return text.degenerate(pct(model.meanDropout ?? 0), pct(model.p10PAlive ?? 1));
  }
}
