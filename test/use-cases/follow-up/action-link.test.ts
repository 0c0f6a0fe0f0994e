import { describe, expect, it } from 'vitest';
import {
  type ActionClaims,
  actionUrl,
  signAction,
  verifyAction,
} from '../../../functions/use-cases/follow-up/action-link.ts';

const KEY = 'k'.repeat(32);
const claims: ActionClaims = {
  repId: 'R01',
  customerId: 'C|001 百货',
  episode: '2026-12-01',
  action: 'visited',
  expires: 2_000_000_000,
};

describe('action links', () => {
  it('verifies a link it made, with every claim intact', () => {
    expect(verifyAction(KEY, signAction(KEY, claims), 1_900_000_000)).toEqual({ ok: true, claims });
  });

  it('refuses a link past its expiry, and says so', () => {
    expect(verifyAction(KEY, signAction(KEY, claims), 2_000_000_001)).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a link made with another key', () => {
    expect(verifyAction('other-key', signAction(KEY, claims), 0)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a link whose claims were changed, whichever claim', () => {
    const token = signAction(KEY, claims);
    const [, mac] = token.split('.');
    for (const change of [
      { repId: 'R02' },
      { customerId: 'C002' },
      { episode: '2026-12-02' },
      { action: 'closed' as const },
      { expires: 2_100_000_000 },
    ]) {
      const forged = `${signAction(KEY, { ...claims, ...change }).split('.')[0]}.${mac}`;
      expect(verifyAction(KEY, forged, 0)).toEqual({ ok: false, reason: 'tampered' });
    }
  });

  it('refuses a link with any one character of its signature changed, the spare bits of the last one too', () => {
    const token = signAction(KEY, claims);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const accepted: string[] = [];
    for (let i = token.indexOf('.') + 1; i < token.length; i++) {
      for (const c of alphabet) {
        if (c === token[i]) continue;
        const changed = `${token.slice(0, i)}${c}${token.slice(i + 1)}`;
        if (verifyAction(KEY, changed, 0).ok) accepted.push(changed);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('refuses malformed tokens without throwing', () => {
    for (const token of ['', '.', 'abc', 'abc.def', `${'a'.repeat(2000)}.x`, signAction(KEY, claims) + 'A']) {
      expect(verifyAction(KEY, token, 0)).toEqual({ ok: false, reason: 'tampered' });
    }
  });

  it('makes a URL-safe link that does not contain the key', () => {
    const url = actionUrl('https://api.example.com/prod/', signAction(KEY, claims));
    expect(url).toMatch(/^https:\/\/api\.example\.com\/prod\/a\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(url).not.toContain(KEY);
    expect(url.length).toBeLessThan(200);
  });
});
