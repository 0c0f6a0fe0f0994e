import { help } from './help.ts';
import { signals } from './signals.ts';

/**
 * Everything churn-watch says to people, in Chinese: the catalogue every other language follows. Its shape is
 * the type {@link Catalogue}; each area is a file beside this one.
 */
export const zhCN = { signals, help };

export type Catalogue = typeof zhCN;
