import { describe, expect, it } from 'vitest';
import { preferredChannel } from '../../../functions/use-cases/notify/deliver.ts';

const both = {
  repId: 'R1',
  role: 'rep' as const,
  email: 'r1@example.com',
  wecomWebhook: 'https://qyapi.example/k',
};

describe('which channel a person is reached on', () => {
  it("follows the rep's own choice, else the distributor's preference, else what the rep has", () => {
    const settings = { enabled: ['email', 'wecom'] as ('email' | 'wecom')[], preferred: 'wecom' as const };
    expect(preferredChannel({ ...both, channel: 'email' }, settings)).toBe('email');
    expect(preferredChannel(both, settings)).toBe('wecom');
    expect(preferredChannel(both, { ...settings, preferred: 'email' })).toBe('email');
    expect(preferredChannel({ repId: 'R2', role: 'rep', email: 'r2@example.com' }, settings)).toBe('email');
    expect(preferredChannel({ repId: 'R3', role: 'rep' }, settings)).toBeNull();
  });

  it('never picks a channel the distributor turned off, whatever the rep chose', () => {
    const emailOnly = { enabled: ['email'] as ('email' | 'wecom')[], preferred: 'email' as const };
    expect(preferredChannel({ ...both, channel: 'wecom' }, emailOnly)).toBe('email');
    expect(preferredChannel({ repId: 'R4', role: 'rep', wecomWebhook: 'https://x/k' }, emailOnly)).toBeNull();
  });
});
