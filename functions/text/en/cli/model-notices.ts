import type { ModelNoticesText } from '../../zh-CN/cli/model-notices.ts';

export const modelNotices: ModelNoticesText = {
  tooFew: (customers, repeaters) =>
    `low_p_alive not used this run: too few customers to fit the buying pattern (${customers}, ${repeaters} with repeat purchases); the other rules are unaffected.`,
  notConverged:
    'low_p_alive not used this run: the BG/NBD fit did not converge; the other rules are unaffected.',
  degenerate: (dropout, p10PAlive) =>
    `low_p_alive not used this run: the BG/NBD fit is degenerate (dropout ${dropout}; 90% of repeat buyers have P(alive) above ${p10PAlive}), as happens on short histories where hardly anyone has left yet: it would call everyone alive. The other rules carry on.`,
};
