import type { IngestKind } from '../../../contracts/api.ts';

/** What `churn-watch import` (and the demo data `churn-watch local` loads) says about a file it stores. */
export const importing = {
  /** A call of `import` in a wrong form: what is wrong and the right form, with the admin's own file. */
  wrongForm: {
    kindMissing: (file: string, kinds: readonly string[]) =>
      `缺少数据种类：先写文件里是哪种数据（${kinds.join('、')}），例如导入订单：churn-watch import orders ${file}`,
    fileMissing: (kind: string) => `缺少要导入的文件：churn-watch import ${kind} 文件`,
    oneFile: (extras: readonly string[]) =>
      `import 一次只导入一个文件（多出：${extras.join(' ')}）；请每个文件分别运行一次 churn-watch import`,
  },
  /** What a kind of file holds, in the admin's words. */
  kindName: {
    orders: '订单',
    customers: '客户',
    reps: '业务员',
    visits: '拜访记录',
    coupons: '发券记录',
    complaints: '投诉记录',
  } satisfies Record<IngestKind, string>,
  /** The progress line while a file is stored. */
  progress: (kindName: string, kind: IngestKind) => `导入${kindName}（${kind}）`,
  summary: (file: string, rows: number, stored: number, duplicates: number, rejected: number) =>
    `${file}：读取 ${rows} 行；新增或更新 ${stored} 条，重复 ${duplicates} 条，无效 ${rejected} 行`,
  /** One line per file of the demo data `churn-watch local` loads on first start. */
  demoLoaded: (kindName: string, _kind: IngestKind, stored: number) => `  ${kindName}：${stored} 条`,
};

export type ImportingText = typeof importing;
