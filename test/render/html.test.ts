import { describe, expect, it } from 'vitest';
import { oneLine } from '../../functions/render/html.ts';
import { renderDigestEmail } from '../../functions/render/render-digest-email.ts';
import { sampleDigest, sampleDigestCustomer } from './fixtures.ts';

describe('names from master data in an email', () => {
  it('drops bidi controls and makes URL-like text unlinkable, keeping it readable', () => {
    expect(oneLine('好又多\u202e超市\u2066')).toBe('好又多超市');
    expect(oneLine('访问 www.evil.example 领奖')).toBe('访问 www．evil.example 领奖');
    expect(oneLine('http://evil.example/x')).toBe('http：//evil.example/x');
    expect(oneLine('老王 Wwwang 商行')).toBe('老王 Wwwang 商行');
  });

  it('never shows a customer name that reads backwards or links somewhere, in the HTML or the text part', () => {
    // Prepare
    const digest = sampleDigest({
      atRisk: [sampleDigestCustomer({ name: '好又多\u202eexe.gpj 超市 www.prize.example' })],
    });

    // Act
    const email = renderDigestEmail(digest);

    // Assess
    for (const part of [email.html, email.text]) {
      expect(part).not.toContain('\u202e');
      expect(part).not.toContain('www.prize');
      expect(part).toContain('www．prize.example');
    }
  });
});
