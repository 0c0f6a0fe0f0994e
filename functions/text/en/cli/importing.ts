import type { ImportingText } from '../../zh-CN/cli/importing.ts';
import { counted } from '../counted.ts';

export const importing: ImportingText = {
  wrongUsage: 'wrong usage',
  kindName: {
    orders: 'orders',
    customers: 'customers',
    reps: 'reps',
    visits: 'visits',
    coupons: 'coupons',
    complaints: 'complaints',
  },
  progress: (_kindName, kind) => `importing ${kind}`,
  summary: (file, rows, stored, duplicates, rejected) =>
    `${file}: ${counted(rows, 'row')} read; ${stored} stored, ${counted(duplicates, 'duplicate')}, ${counted(rejected, 'row')} rejected`,
  demoLoaded: (_kindName, kind, stored) => `  ${kind}: ${stored} records`,
};
