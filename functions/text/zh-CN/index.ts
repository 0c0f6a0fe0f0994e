import { answers } from './answers.ts';
import { charts } from './charts.ts';
import { deliveryProblem } from './delivery-problem.ts';
import { digest } from './digest.ts';
import { effect } from './effect.ts';
import { followUpAnswers } from './follow-up-answers.ts';
import { ingest } from './ingest.ts';
import { message } from './message.ts';
import { notices } from './notices.ts';
import { problems } from './problems.ts';
import { runs } from './runs.ts';
import { services } from './services.ts';
import { settings } from './settings.ts';
import { signals } from './signals.ts';
import { weekly } from './weekly.ts';

/**
 * What churn-watch says to people wherever it runs (the Lambdas, and the CLI too), in Chinese: the catalogue every
 * other language follows. Its shape is the type {@link Catalogue}; each area is a file beside this one, named for
 * what the person is looking at. What only the command line and the local runtime say is in `cli/`, so the
 * Lambdas do not bundle it.
 */
export const zhCN = {
  answers,
  charts,
  deliveryProblem,
  digest,
  effect,
  followUpAnswers,
  ingest,
  message,
  notices,
  problems,
  runs,
  services,
  settings,
  signals,
  weekly,
};

export type Catalogue = typeof zhCN;
