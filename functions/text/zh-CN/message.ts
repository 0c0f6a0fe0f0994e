/**
 * The pieces every message shares, digests, weekly summaries and notices alike: punctuation between a label
 * and its value, a count beside a heading, the marks of a message split into parts, the footer's config
 * version. Values arrive formatted; the catalogue arranges words around them.
 */
export const message = {
  /** After a label: `需要跟进：`. Full-width in Chinese. */
  colon: '：',
  /** Between items of a list written out in a sentence: `本期 2.5%，上期 1.0%`. */
  comma: '，',
  /** Between clauses: `非常重要 本期 5%，上期 0%；重要 …`. */
  semicolon: '；',
  /** A count beside a heading: `需要跟进（3）`. */
  withCount: (title: string, count: number) => `${title}（${count}）`,
  /** A short aside after a word, e.g. a tier after a name: `张记便利店（重要）`. */
  aside: (text: string) => `（${text}）`,
  /** A customer's id in plain text, next to its name, so the reader can find it in the ERP. */
  customerId: (id: string) => `编号 ${id}`,
  /** The rep a customer belongs to: `业务员 张伟`. */
  rep: (name: string) => `业务员 ${name}`,
  /** WeCom: a message split in parts. The first part's mark, then the others'. */
  firstPart: (n: string) => `（${n}）`,
  laterPart: (n: string) => `（续 ${n}）`,
  /** WeCom: a section heading repeated at the top of the next part. */
  continued: '（续）',
  /** WeCom: after a block the robot's size limit forced us to cut. */
  cutShort: '（内容过长，已截断）',
  /** WeCom: the footer label before `v7 · churn-watch`. */
  configVersionShort: '配置版本',
  /** Email footer: the rule configuration a message was decided with. */
  configVersion: (version: number) => `判定规则配置版本：${version}`,
  /** A list with nothing in it (WeCom). */
  noneItem: '- 无',
};

export type MessageText = typeof message;
