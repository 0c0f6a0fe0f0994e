import type { Catalogue } from '../zh-CN/index.ts';
import { adminPage } from './admin-page.ts';
import { answers } from './answers.ts';
import { backtest } from './backtest.ts';
import { charts } from './charts.ts';
import { cli } from './cli.ts';
import { config } from './config.ts';
import { dailyRun } from './daily-run.ts';
import { deliveryProblem } from './delivery-problem.ts';
import { digest } from './digest.ts';
import { effectFigures } from './effect-figures.ts';
import { effect } from './effect.ts';
import { evaluate } from './evaluate.ts';
import { followUpAnswers } from './follow-up-answers.ts';
import { help } from './help.ts';
import { importing } from './importing.ts';
import { ingest } from './ingest.ts';
import { inputFiles } from './input-files.ts';
import { learnedRisk } from './learned-risk.ts';
import { local } from './local.ts';
import { message } from './message.ts';
import { modelNotices } from './model-notices.ts';
import { notices } from './notices.ts';
import { problems } from './problems.ts';
import { runs } from './runs.ts';
import { services } from './services.ts';
import { settingsExplained } from './settings-explained.ts';
import { settings } from './settings.ts';
import { signals } from './signals.ts';
import { tools } from './tools.ts';
import { weekly } from './weekly.ts';

/** Everything churn-watch says to people, in English: the same keys as the Chinese catalogue (the type checks it). */
export const en: Catalogue = {
  adminPage,
  answers,
  backtest,
  charts,
  cli,
  config,
  dailyRun,
  deliveryProblem,
  digest,
  effectFigures,
  effect,
  evaluate,
  followUpAnswers,
  help,
  importing,
  ingest,
  inputFiles,
  learnedRisk,
  local,
  message,
  modelNotices,
  notices,
  problems,
  runs,
  services,
  settingsExplained,
  settings,
  signals,
  tools,
  weekly,
};
