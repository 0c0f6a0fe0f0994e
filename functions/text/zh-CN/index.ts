import { adminPage } from './admin-page.ts';
import { backtest } from './backtest.ts';
import { cli } from './cli.ts';
import { deliveryProblem } from './delivery-problem.ts';
import { config } from './config.ts';
import { effect } from './effect.ts';
import { evaluate } from './evaluate.ts';
import { help } from './help.ts';
import { importing } from './importing.ts';
import { learnedRisk } from './learned-risk.ts';
import { local } from './local.ts';
import { runs } from './runs.ts';
import { signals } from './signals.ts';
import { tools } from './tools.ts';

/**
 * Everything churn-watch says to people, in Chinese: the catalogue every other language follows. Its shape is
 * the type {@link Catalogue}; each area is a file beside this one.
 */
export const zhCN = {
  signals,
  help,
  cli,
  evaluate,
  importing,
  config,
  learnedRisk,
  backtest,
  effect,
  runs,
  tools,
  local,
  adminPage,
  deliveryProblem,
};

export type Catalogue = typeof zhCN;
