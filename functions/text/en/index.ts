import type { Catalogue } from '../zh-CN/index.ts';
import { help } from './help.ts';
import { signals } from './signals.ts';

/** Everything churn-watch says to people, in English: the same keys as the Chinese catalogue (the type checks it). */
export const en: Catalogue = { signals, help };
