import type { Catalogue } from '../zh-CN/index.ts';
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

/** What churn-watch says to people wherever it runs, in English: the same keys as the Chinese catalogue (the type checks it). */
export const en: Catalogue = {
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
