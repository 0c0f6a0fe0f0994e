import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRobots } from '../../../functions/entry-points/cli/local-command.ts';
import {
  startWecomReceiver,
  type WecomReceiver,
} from '../../../functions/entry-points/local/wecom-receiver.ts';
import { generateDistributor } from '../../../functions/tools/sample/generate-distributor.ts';
import { robotsAt, withIdPrefix } from '../../../functions/tools/sample/id-prefix.ts';

async function post(url: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ msgtype: 'markdown', markdown: { content: '晨报' } }),
  });
  return ((await response.json()) as { errcode: number }).errcode;
}

describe('the robots of npm start’s WeCom receiver', () => {
  let receiver: WecomReceiver;

  beforeAll(async () => {
    const { wecomKeys, wecomKeyPrefixes } = localRobots();
    receiver = await startWecomReceiver({ port: 0, keys: wecomKeys, keyPrefixes: wecomKeyPrefixes });
  }, 30_000);
  afterAll(async () => {
    await receiver.close();
  });

  it('accepts the robots of a sample imported while it runs (npm run sample -- --out 演示, ids prefixed S-)', async () => {
    // Prepare: the sample's reps, pointed at this receiver as `npm run sample` does
    const sample = robotsAt(
      withIdPrefix(generateDistributor({ seed: 7, customers: 60, months: 6, endDate: '2026-11-20' }), 'S-'),
      receiver.url,
    );
    const webhooks = sample.reps.map((rep) => rep.wecomWebhook).filter((url) => url !== '');
    expect(webhooks.length).toBeGreaterThan(0);

    // Act
    const answers = await Promise.all(webhooks.map(post));

    // Assert: delivered, not 93000 (which marks the robot broken and sends the rep email instead)
    expect(answers.every((errcode) => errcode === 0)).toBe(true);
    expect(await post(receiver.webhookUrl('no-such-robot'))).toBe(93000);
    expect(await post(receiver.webhookUrl('demo-r01'))).toBe(0);
  });
});
