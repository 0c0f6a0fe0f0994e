import type { CliAreas } from '../../zh-CN/cli/index.ts';
import { adminPage } from './admin-page.ts';
import { backtest } from './backtest.ts';
import { cli } from './cli.ts';
import { evaluate } from './evaluate.ts';
import { help } from './help.ts';
import { importing } from './importing.ts';
import { inputFiles } from './input-files.ts';
import { learnedRisk } from './learned-risk.ts';
import { local } from './local.ts';
import { modelNotices } from './model-notices.ts';
import { settingsExplained } from './settings-explained.ts';
import { tools } from './tools.ts';

/** What only the command line and the local runtime say, in English: the same keys as the Chinese (the type checks it). */
export const enCli: CliAreas = {
  adminPage,
  backtest,
  cli,
  evaluate,
  help,
  importing,
  inputFiles,
  learnedRisk,
  local,
  modelNotices,
  settingsExplained,
  tools,
};
