import { answers } from './answers.ts';
import { charts } from './charts.ts';
import { digest } from './digest.ts';
import { message } from './message.ts';
import { notices } from './notices.ts';
import { effectFigures } from './effect-figures.ts';
import { followUpAnswers } from './follow-up-answers.ts';
import { ingest } from './ingest.ts';
import { inputFiles } from './input-files.ts';
import { modelNotices } from './model-notices.ts';
import { problems } from './problems.ts';
import { runs } from './runs.ts';
import { services } from './services.ts';
import { settings } from './settings.ts';
import { settingsExplained } from './settings-explained.ts';
import { signals } from './signals.ts';
import { weekly } from './weekly.ts';

/**
 * Everything churn-watch says to people, in Chinese: the catalogue every other language follows. Its shape is
 * the type {@link Catalogue}; each area is a file beside this one.
 */
export const zhCN = {
  signals,
  message,
  digest,
  weekly,
  notices,
  charts,
  answers,
  problems,
  followUpAnswers,
  settings,
  effectFigures,
  modelNotices,
  inputFiles,
  ingest,
  services,
  settingsExplained,
  runs,
};

export type Catalogue = typeof zhCN;
