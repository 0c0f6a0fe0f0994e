import type { Catalogue } from '../zh-CN/index.ts';
import { answers } from './answers.ts';
import { charts } from './charts.ts';
import { digest } from './digest.ts';
import { message } from './message.ts';
import { notices } from './notices.ts';
import { signals } from './signals.ts';
import { weekly } from './weekly.ts';

/** Everything churn-watch says to people, in English: the same keys as the Chinese catalogue (the type checks it). */
export const en: Catalogue = {
  signals,
  message,
  digest,
  weekly,
  notices,
  charts,
  answers,
};
