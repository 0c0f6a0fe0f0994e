/**
 * The notice of a run whose BG/NBD model (the `low_p_alive` rule's buying pattern) could not be used: what
 * happened and what it means. Percentages arrive as `12.5%`.
 */
export const modelNotices = {
  tooFew: (customers: number, repeaters: number) =>
    `low_p_alive 本次未使用：客户太少，无法拟合购买规律（${customers} 位客户，其中 ${repeaters} 位有回购）；其他规则不受影响。`,
  notConverged: 'low_p_alive 本次未使用：BG/NBD 拟合没有收敛；其他规则不受影响。',
  /** `dropout`: the mean dropout probability; `p10PAlive`: what 90% of repeat buyers' P(alive) is above. */
  degenerate: (dropout: string, p10PAlive: string) =>
    `low_p_alive 本次未使用：BG/NBD 拟合退化（流失概率 ${dropout}，90% 的回购客户“仍在购买的概率”高于 ${p10PAlive}），常见于历史太短、几乎没有客户流失过的数据，此时它会把所有客户都判为仍在购买；已改用其他规则。`,
};

export type ModelNoticesText = typeof modelNotices;
