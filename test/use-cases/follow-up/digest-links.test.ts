import { describe, expect, it } from 'vitest';
import type { AlertRecord } from '../../../functions/core/alerts.ts';
import { DEFAULT_CONFIG, type ChurnConfig } from '../../../functions/core/config.ts';
import { ACTION_PATH, verifyAction } from '../../../functions/use-cases/follow-up/action-link.ts';
import { answerLinkMaker, linkExpiry } from '../../../functions/use-cases/follow-up/digest-links.ts';
import { buildRepDigest } from '../../../functions/use-cases/notify/build-digest.ts';
import { sampleVerdict } from '../../render/fixtures.ts';

const KEY = 'digest-links-test-key-0123456789abcdef';
const BASE = 'https://api.example.cn/prod';
const settings = { baseUrl: BASE, key: KEY };
const DAY = '2026-11-20';

const config = (followUp: Partial<ChurnConfig['followUp']> = {}, timeZone = 'Asia/Shanghai') => ({
  timeZone,
  followUp: { ...DEFAULT_CONFIG.followUp, ...followUp },
});

/** The token of a link made by the maker, checked with the key as the action route will. */
function claimsOf(url: string, nowSeconds = 0) {
  const prefix = `${BASE}${ACTION_PATH}/`;
  expect(url.startsWith(prefix)).toBe(true);
  const verified = verifyAction(KEY, url.slice(prefix.length), nowSeconds);
  if (!verified.ok) throw new Error(`link did not verify: ${verified.reason}`);
  return verified.claims;
}

describe('linkExpiry', () => {
  it('is the last second of the day linkDays after the digest, in the distributor zone', () => {
    // 2026-12-05 00:00 in Shanghai is 2026-12-04T16:00Z.
    expect(linkExpiry(DAY, 14, 'Asia/Shanghai')).toBe(Date.parse('2026-12-04T16:00:00Z') / 1000 - 1);
    expect(linkExpiry(DAY, 0, 'Asia/Shanghai')).toBe(Date.parse('2026-11-20T16:00:00Z') / 1000 - 1);
  });

  it('follows the zone across a change of clocks (New York leaves summer time on 2026-11-01)', () => {
    // The digest of 2026-10-30 plus 2 days ends at midnight starting 2026-11-02, EST (UTC-5).
    expect(linkExpiry('2026-10-30', 2, 'America/New_York')).toBe(
      Date.parse('2026-11-02T05:00:00Z') / 1000 - 1,
    );
  });
});

describe('answerLinkMaker', () => {
  it('signs one link per offered action and an answer page, for the rep, customer and episode', () => {
    // Prepare
    const make = answerLinkMaker({ settings, config: config(), day: DAY });
    // Act
    const links = make?.('R01', 'C|001 百货', '2026-11-18');
    // Assess
    expect(links?.answerLinks.map((link) => link.action)).toEqual([
      'called',
      'visited',
      'coupon',
      'not_real',
      'closed',
    ]);
    const expires = linkExpiry(DAY, 14, 'Asia/Shanghai');
    for (const link of links?.answerLinks ?? []) {
      expect(claimsOf(link.url)).toEqual({
        repId: 'R01',
        customerId: 'C|001 百货',
        episode: '2026-11-18',
        action: link.action,
        expires,
      });
    }
    expect(claimsOf(links?.answerPage ?? '')).toMatchObject({ action: 'choose', expires });
  });

  it('offers only the actions the admin kept, in their order, with their link lifetime', () => {
    const make = answerLinkMaker({
      settings,
      config: config({ actions: ['visited', 'called'], linkDays: 3 }),
      day: DAY,
    });
    const links = make?.('R01', 'C001', DAY);
    expect(links?.answerLinks.map((link) => link.action)).toEqual(['visited', 'called']);
    expect(claimsOf(links?.answerPage ?? '').expires).toBe(linkExpiry(DAY, 3, 'Asia/Shanghai'));
    // Past that second the route refuses it.
    const token = (links?.answerPage ?? '').split('/').at(-1) ?? '';
    expect(verifyAction(KEY, token, linkExpiry(DAY, 3, 'Asia/Shanghai') + 1)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('makes no links when follow-up is off or the process has no link settings', () => {
    expect(answerLinkMaker({ settings, config: config({ enabled: false }), day: DAY })).toBeNull();
    expect(answerLinkMaker({ settings: undefined, config: config(), day: DAY })).toBeNull();
  });
});

/** An open alert of R01 told today (new) or a recovery. */
function record(customerId: string, section: 'new' | 'still_at_risk' | 'recovered'): AlertRecord {
  const open = section !== 'recovered';
  return {
    customerId,
    day: DAY,
    before: null,
    state: {
      customerId,
      repId: 'R01',
      open,
      firstSeenDate: section === 'new' ? DAY : '2026-11-06',
      lastOrderAtStart: '2026-09-01',
      lastNotifiedDate: DAY,
      notifiedRules: ['inactive'],
      notifiedTier: 'general',
      snoozeUntil: null,
      managerEscalatedDate: null,
      endedDate: open ? null : DAY,
      endedReason: open ? null : 'recovered',
      facts: {
        name: `店 ${customerId}`,
        tier: 'general',
        risk: 0.5,
        moneyAtRisk: 100_000,
        lastPeriodSales: 10_000,
        periodDays: 30,
        lastOrderDate: '2026-09-01',
        daysSinceLastOrder: 80,
        lastVisitDate: null,
        daysSinceLastVisit: null,
        lastCouponDate: null,
        findings: [],
        learned: sampleVerdict({ risk: 0.5 }),
      },
    },
    outcome: { section, escalated: false, newRules: [], escalateToManager: false },
  };
}

describe('buildRepDigest with answer links', () => {
  const entries = [record('C1', 'new'), record('C2', 'still_at_risk'), record('C3', 'recovered')];
  const build = (answerLinks: ReturnType<typeof answerLinkMaker>, maxCustomers = 30) =>
    buildRepDigest({
      rep: { repId: 'R01', role: 'rep' },
      records: entries,
      entries,
      day: DAY,
      maxCustomers,
      defaultLocale: 'zh-CN',
      answerLinks,
    }).digest;

  it("gives each listed customer at risk the rep's links for its own episode; the recovered none", () => {
    // Act
    const digest = build(answerLinkMaker({ settings, config: config(), day: DAY }));
    // Assess
    const [c1, c2] = digest.atRisk;
    expect(claimsOf(c1?.answerPage ?? '')).toMatchObject({ repId: 'R01', customerId: 'C1', episode: DAY });
    expect(claimsOf(c2?.answerLinks?.[0]?.url ?? '')).toMatchObject({
      customerId: 'C2',
      episode: '2026-11-06',
      action: 'called',
    });
    expect(digest.recovered[0]).not.toHaveProperty('answerLinks');
    expect(digest.recovered[0]).not.toHaveProperty('answerPage');
  });

  it('leaves the customers out without links when there is no maker', () => {
    const digest = build(null);
    for (const customer of digest.atRisk) {
      expect(customer.answerLinks).toBeUndefined();
      expect(customer.answerPage).toBeUndefined();
    }
  });
});
