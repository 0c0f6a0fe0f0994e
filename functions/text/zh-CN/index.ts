import { answers } from './answers.ts';
import { charts } from './charts.ts';
import { digest } from './digest.ts';
import { message } from './message.ts';
import { notices } from './notices.ts';
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
};

export type Catalogue = typeof zhCN;
