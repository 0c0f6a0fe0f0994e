import { describe, expect, it } from 'vitest';
import { createWecomSender } from '../../functions/adapters/wecom/wecom-client.ts';

describe('WeCom sender and a webhook stored before ingest checked it', () => {
  it('posts nothing to an address that is not a robot, and reports the robot broken', async () => {
    // Prepare
    const posted: string[] = [];
    const sender = createWecomSender({
      allowedWebhooks: { loopback: true, proxies: [] },
      fetch: (async (url: string) => {
        posted.push(url);
        return new Response('{"errcode":0}', { status: 200 });
      }) as typeof fetch,
    });

    // Act
    const results = await Promise.all(
      [
        'http://169.254.169.254/latest/meta-data/?key=abcdef123',
        'http://attacker.example/cgi-bin/webhook/send?key=abcdef123',
      ].map((url) => sender.sendMarkdown(url, '## 晨报')),
    );
    const robot = await sender.sendMarkdown('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1', 'x');

    // Assess
    expect(posted).toEqual(['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1']);
    expect(robot).toEqual({ ok: true });
    for (const result of results) {
      expect(result).toMatchObject({ ok: false, kind: 'broken', errcode: null });
      expect(!result.ok && result.message).toContain('is not a WeCom robot address');
      expect(!result.ok && result.message).not.toContain('abcdef123');
    }
  });
});
