import { describe, expect, it } from 'vitest';
import type { RuleId, Tier } from '../../functions/core/config.ts';
import { formatDay } from '../../functions/core/days.ts';
import {
  churnOverPeriod,
  effectReport,
  type EffectInput,
  mantelHaenszelDifference,
  riskBand,
  wilsonInterval,
} from '../../functions/core/effect.ts';
import { effectHeadline } from '../../functions/text/effect-figures.ts';
import type { CustomerEvaluation } from '../../functions/core/evaluate.ts';
import type { FollowUpAction, FollowUpAnswer } from '../../functions/core/follow-up.ts';
import type { WarningLogEntry } from '../../functions/core/warning-log.ts';
import { day } from './helpers.ts';

const WARNED = '2026-09-01';
const AS_OF = '2026-11-20';
const SETTINGS = { recoveryDays: 30, followUpWithinDays: 2 };

let seq = 0;

interface Spec {
  tier?: Tier;
  risk?: number;
  warned?: string;
  /** Days after the warning the customer recovered; null: did not. */
  recoveredAfter?: number | null;
  /** Answers: action and days after the warning. */
  answers?: [FollowUpAction, number][];
  rules?: RuleId[];
}

/** Warnings and their answers from short specs, each its own customer. */
function history(specs: readonly Spec[]): Pick<EffectInput, 'warnings' | 'answers'> {
  const warnings: WarningLogEntry[] = [];
  const answers: FollowUpAnswer[] = [];
  for (const spec of specs) {
    const customerId = `C${++seq}`;
    const warned = spec.warned ?? WARNED;
    const recoveredAfter = spec.recoveredAfter ?? null;
    warnings.push({
      customerId,
      episode: warned,
      warnedDay: warned,
      repId: 'R01',
      tier: spec.tier ?? 'important',
      risk: spec.risk ?? 0.3,
      rules: spec.rules ?? ['inactive'],
      endedDate: recoveredAfter === null ? null : formatDay(day(warned) + recoveredAfter),
      endedReason: recoveredAfter === null ? null : 'recovered',
    });
    for (const [action, after] of spec.answers ?? []) {
      const answerDay = formatDay(day(warned) + after);
      answers.push({
        customerId,
        episode: warned,
        action,
        reason: action === 'not_real' ? 'seasonal' : null,
        repId: 'R01',
        answeredAt: `${answerDay}T02:00:00.000Z`,
        day: answerDay,
      });
    }
  }
  return { warnings, answers };
}

const times = (n: number, spec: Spec): Spec[] => Array.from({ length: n }, () => spec);

/** n warnings of which `recovered` recovered, followed up (a call the next day) or not. */
const arm = (n: number, recovered: number, spec: Spec, followedUp: boolean): Spec[] =>
  Array.from({ length: n }, (_, i) => ({
    ...spec,
    recoveredAfter: i < recovered ? 10 : null,
    ...(followedUp ? { answers: [['called', 1]] as [FollowUpAction, number][] } : {}),
  }));

const report = (specs: readonly Spec[], extra: Partial<EffectInput> = {}) =>
  effectReport({
    ...history(specs),
    from: '2026-08-01',
    to: '2026-10-31',
    asOf: AS_OF,
    settings: SETTINGS,
    ...extra,
  });

/**
 * Two risk bands of 30 warnings each, where reps followed up mostly the riskier shops:
 * - band 25–50%: followed up 6 of 10 recovered, not followed up 8 of 20;
 * - band 75–100%: followed up 8 of 20, not followed up 2 of 10.
 * Within each band following up adds 20 points; pooled, the riskier mix of the followed-up hides some of it.
 */
const CONFOUNDED: Spec[] = [
  ...arm(10, 6, { risk: 0.3 }, true),
  ...arm(20, 8, { risk: 0.3 }, false),
  ...arm(20, 8, { risk: 0.8 }, true),
  ...arm(10, 2, { risk: 0.8 }, false),
];

describe('the statistics', () => {
  it('gives the Wilson interval worked by hand (14 of 30)', () => {
    // centre (p + z²/2n)/(1 + z²/n) = 0.4704, half-width 0.1681
    const { low, high } = wilsonInterval(14, 30);
    expect(low).toBeCloseTo(0.3023, 4);
    expect(high).toBeCloseTo(0.6386, 4);
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(10, 10).high).toBe(1);
  });

  it('combines strata by Mantel–Haenszel with Sato’s variance, worked by hand', () => {
    // Each stratum: difference 0.2; weights n1·n0/N = 200/30 both; Sato: ΣP = −16/9, ΣQ = 3.2, Σw = 40/3,
    // variance (0.2·ΣP + ΣQ)/Σw² = 0.016 (= the mean of the two Wald variances .036 and .028, over 2²).
    const result = mantelHaenszelDifference([
      { n1: 10, a: 6, n0: 20, b: 8 },
      { n1: 20, a: 8, n0: 10, b: 2 },
    ]);
    expect(result?.difference).toBeCloseTo(0.2, 10);
    expect(result?.variance).toBeCloseTo(0.016, 10);
    expect(result?.low).toBeCloseTo(-0.0479, 4);
    expect(result?.high).toBeCloseTo(0.4479, 4);
  });

  it('reduces to the plain difference and its Wald variance for one stratum', () => {
    const result = mantelHaenszelDifference([{ n1: 20, a: 12, n0: 40, b: 10 }]);
    expect(result?.difference).toBeCloseTo(0.6 - 0.25, 10);
    expect(result?.variance).toBeCloseTo((0.6 * 0.4) / 20 + (0.25 * 0.75) / 40, 10);
  });

  it('skips strata missing an arm, and has nothing to say when none has both', () => {
    expect(mantelHaenszelDifference([{ n1: 5, a: 1, n0: 0, b: 0 }])).toBeNull();
    expect(
      mantelHaenszelDifference([
        { n1: 20, a: 12, n0: 40, b: 10 },
        { n1: 7, a: 7, n0: 0, b: 0 },
      ])?.difference,
    ).toBeCloseTo(0.35, 10);
  });

  it('puts a risk in a fixed band, edges in the band above', () => {
    expect([0, 0.2499, 0.25, 0.5, 0.7499, 0.75, 1].map(riskBand)).toEqual([0, 0, 1, 2, 2, 3, 3]);
  });
});

describe('effectReport', () => {
  it('compares recovery with and without follow-up at the same tier and risk band', () => {
    // Act
    const result = report(CONFOUNDED);
    // Assess
    expect(result).toMatchObject({ warnings: 60, compared: 60, pending: 0, notReal: 0 });
    const { overall } = result;
    expect(overall.withFollowUp).toMatchObject({ warnings: 30, recovered: 14 });
    expect(overall.withFollowUp.rate).toBeCloseTo(14 / 30, 10);
    expect(overall.withFollowUp.low).toBeCloseTo(0.3023, 4);
    expect(overall.withoutFollowUp).toMatchObject({ warnings: 30, recovered: 10 });
    // Pooled the difference looks like 13 points; within the bands it is 20.
    expect(overall.crudeDifference).toBeCloseTo(4 / 30, 10);
    expect(overall.adjusted).toMatchObject({ verdict: 'estimate', strata: 2, comparedWith: 30 });
    if (overall.adjusted.verdict !== 'estimate') throw new Error('expected an estimate');
    expect(overall.adjusted.difference).toBeCloseTo(0.2, 10);
    expect(overall.adjusted.low).toBeCloseTo(-0.0479, 4);
    expect(overall.adjusted.high).toBeCloseTo(0.4479, 4);
    expect(result.byTier.important.adjusted.verdict).toBe('estimate');
    expect(result.byTier.vip.withFollowUp).toMatchObject({ warnings: 0, rate: null });
    expect(result.byAction.called.adjusted.verdict).toBe('estimate');
    expect(result.byAction.coupon.withFollowUp.warnings).toBe(0);
    expect(result.byAction.coupon.adjusted.verdict).toBe('too_few');
  });

  it('says "too few" below ten a side, giving the counts but no rate', () => {
    // Act
    const result = report([...arm(9, 5, {}, true), ...arm(30, 10, {}, false)]);
    // Assess
    expect(result.overall.withFollowUp).toEqual({
      warnings: 9,
      recovered: 5,
      rate: null,
      low: null,
      high: null,
    });
    expect(result.overall.withoutFollowUp.rate).toBeCloseTo(1 / 3, 10);
    expect(result.overall.crudeDifference).toBeNull();
    expect(result.overall.adjusted).toEqual({
      verdict: 'too_few',
      strata: 1,
      comparedWith: 9,
      comparedWithout: 30,
    });
  });

  it('says "too few" when most of an arm has no one to be compared with at its tier and risk', () => {
    // Prepare: the followed-up are nearly all vip, the others all general
    const specs = [
      ...arm(30, 15, { tier: 'vip' }, true),
      ...arm(12, 4, { tier: 'general' }, true),
      ...arm(30, 10, { tier: 'general' }, false),
    ];
    // Act
    const result = report(specs);
    // Assess: 12 of 42 followed up can be compared (< half)
    expect(result.overall.adjusted).toMatchObject({
      verdict: 'too_few',
      comparedWith: 12,
      comparedWithout: 30,
    });
    expect(result.byTier.general.adjusted.verdict).toBe('estimate');
  });

  it('counts warnings whose window has not closed as pending, not as failures', () => {
    // Prepare: warned 20 days before the report, not (yet) recovered
    const recent = formatDay(day(AS_OF) - 20);
    const specs = [...CONFOUNDED, ...times(5, { warned: recent, answers: [['called', 0]] })];
    // Act
    const result = report(specs, { to: AS_OF });
    // Assess
    expect(result).toMatchObject({ warnings: 65, pending: 5, compared: 60 });
    expect(result.overall.withFollowUp).toMatchObject({ warnings: 30, recovered: 14 });
  });

  it('counts the window by the day: a warning exactly recoveryDays old is closed', () => {
    const closedToday = formatDay(day(AS_OF) - 30);
    const result = report([{ warned: closedToday, recoveredAfter: 30 }], {
      to: AS_OF,
      settings: { ...SETTINGS, minPerArm: 1 },
    });
    expect(result).toMatchObject({ pending: 0, compared: 1 });
    expect(result.overall.withoutFollowUp).toMatchObject({ warnings: 1, recovered: 1 });
  });

  it('does not count a recovery later than recoveryDays after the warning', () => {
    const result = report([{ recoveredAfter: 31 }, { recoveredAfter: 30 }], {
      settings: { ...SETTINGS, minPerArm: 1 },
    });
    expect(result.overall.withoutFollowUp).toMatchObject({ warnings: 2, recovered: 1 });
  });

  it('counts as followed up only a contact within the days allowed and before the episode ended', () => {
    // Prepare
    const specs: Spec[] = [
      { answers: [['called', 2]] }, // in time
      { answers: [['called', 3]] }, // too late
      { recoveredAfter: 1, answers: [['coupon', 2]] }, // after the shop had already ordered again
      { answers: [['not_real', 0]] }, // a verdict, not a follow-up: left out of the comparison
      { answers: [['closed', 1]] }, // a verdict: stays in, not recovered, not followed up
    ];
    // Act
    const result = report(specs, { settings: { ...SETTINGS, minPerArm: 1 } });
    // Assess
    expect(result).toMatchObject({ warnings: 5, notReal: 1, closed: 1, compared: 4 });
    expect(result.overall.withFollowUp).toMatchObject({ warnings: 1, recovered: 0 });
    expect(result.overall.withoutFollowUp).toMatchObject({ warnings: 3, recovered: 1 });
  });

  it('takes a visit record in time as a visit', () => {
    // Prepare
    const { warnings, answers } = history([{}, {}]);
    const [first, second] = warnings;
    // Act
    const result = effectReport({
      warnings,
      answers,
      visits: [
        { customerId: first?.customerId ?? '', day: formatDay(day(WARNED) + 1) },
        { customerId: second?.customerId ?? '', day: formatDay(day(WARNED) - 1) }, // before the warning
      ],
      from: WARNED,
      to: WARNED,
      asOf: AS_OF,
      settings: { ...SETTINGS, minPerArm: 1 },
    });
    // Assess
    expect(result.byAction.visited.withFollowUp.warnings).toBe(1);
    expect(result.overall.withoutFollowUp.warnings).toBe(1);
  });

  it('reports only warnings given in the period', () => {
    const result = report([{ warned: '2026-07-31' }, { warned: '2026-08-01' }, { warned: '2026-11-01' }]);
    expect(result.warnings).toBe(1);
  });

  it('counts the warnings marked not real per rule, pending ones too', () => {
    // Prepare
    const recent = formatDay(day(AS_OF) - 3);
    const specs: Spec[] = [
      { rules: ['inactive', 'sales_drop'], answers: [['not_real', 1]] },
      { rules: ['sales_drop'], warned: recent, answers: [['not_real', 0]] },
      { rules: ['sales_drop'] },
      { rules: ['inactive'] },
    ];
    // Act
    const result = report(specs, { to: AS_OF });
    // Assess
    expect(result.falseAlarms).toEqual([
      { rule: 'sales_drop', warnings: 3, notReal: 2 },
      { rule: 'inactive', warnings: 2, notReal: 1 },
    ]);
  });
});

describe('churnOverPeriod', () => {
  const e = (customerId: string, tier: Tier, status: CustomerEvaluation['status'], churned = false) =>
    ({
      customerId,
      tier,
      status,
      findings: churned ? [{ rule: 'churned' }] : [],
    }) as unknown as CustomerEvaluation;

  it('counts the churned or lost at the end among those buying at the start, per tier at the start', () => {
    // Prepare
    const start = [
      e('A', 'vip', 'active'),
      e('B', 'vip', 'at_risk'),
      e('C', 'general', 'active'),
      e('D', 'general', 'at_risk', true), // already churned: not in the base
      e('E', 'general', 'lost'), // already lost: not in the base
    ];
    const end = [e('A', 'vip', 'lost'), e('B', 'important', 'at_risk', true), e('C', 'general', 'active')];
    // Act
    const result = churnOverPeriod(start, end, { from: '2026-10-01', to: '2026-10-31' }, 1);
    // Assess
    expect(result.byTier.vip).toMatchObject({ base: 2, churned: 2, rate: 1 });
    expect(result.byTier.general).toMatchObject({ base: 1, churned: 0, rate: 0 });
    expect(result.total).toMatchObject({ base: 3, churned: 2 });
    expect(result.byTier.dormant).toMatchObject({ base: 0, rate: null });
  });
});

describe('effectHeadline', () => {
  it('gives the weekly summary one line with the fair difference, in the reader’s language', () => {
    const result = report(CONFOUNDED);
    expect(effectHeadline(result, 'zh-CN')).toBe(
      '跟进效果：跟进过的预警客户 30 天内恢复下单 47%（30 位），未跟进的 33%（30 位）；同等级、同风险相比 +20 个百分点（95% 区间 −5 ~ +45，还不能确定有差别）',
    );
    expect(effectHeadline(result, 'en')).toBe(
      'Follow-up effect: 47% of the warned customers followed up ordered again within 30 days (30), 33% of those not followed up (30); at the same tier and risk, +20 points (95% interval −5 ~ +45; no clear difference yet)',
    );
  });

  it('says nothing while there are too few warnings to compare', () => {
    expect(effectHeadline(report([...arm(9, 5, {}, true), ...arm(30, 10, {}, false)]), 'zh-CN')).toBeNull();
  });
});
