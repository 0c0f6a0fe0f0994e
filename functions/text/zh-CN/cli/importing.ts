import type { IngestKind } from '../../../contracts/api.ts';

/** What `churn-watch import` (and the demo data `churn-watch local` loads) says about a file it stores. */
export const importing = {
  wrongUsage: '用法有误',
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
