import type { ImportingText } from '../../zh-CN/cli/importing.ts';
import { counted } from '../counted.ts';

export const importing: ImportingText = {
  wrongForm: {
    kindMissing: (file, kinds) =>
      `the kind of data is missing: name what the file holds first (${kinds.join(', ')}), e.g. for orders: churn-watch import orders ${file}`,
    fileMissing: (kind) => `the file to import is missing: churn-watch import ${kind} FILE`,
    oneFile: (extras) =>
      `import loads one file at a time (extra: ${extras.join(' ')}); run churn-watch import once per file`,
  },
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
