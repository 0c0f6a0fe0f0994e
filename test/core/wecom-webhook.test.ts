import { describe, expect, it } from 'vitest';
import { isAllowedWebhook, parseWecomProxies } from '../../functions/core/wecom-webhook.ts';
import { webhookNotAllowedText } from '../../functions/text/problems.ts';

const onAws = { loopback: false, proxies: [] };
const local = { loopback: true, proxies: [] };
const withProxy = {
  loopback: false,
  proxies: parseWecomProxies('https://wecom-proxy.example.com/cgi-bin/webhook/send'),
};

describe('where a rep webhook may point', () => {
  it("takes WeCom's robot address with a key, everywhere", () => {
    const robot = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx';
    for (const allow of [onAws, local, withProxy]) expect(isAllowedWebhook(robot, allow)).toBe(true);
  });

  it('refuses cloud metadata, other hosts, look-alikes and robots without a key', () => {
    for (const webhook of [
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'http://attacker.example/cgi-bin/webhook/send?key=k',
      'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      'https://qyapi.weixin.qq.com.attacker.example/cgi-bin/webhook/send?key=k',
      'https://qyapi.weixin.qq.com@attacker.example/cgi-bin/webhook/send?key=k',
      'https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=k',
      'https://qyapi.weixin.qq.com/cgi-bin/message/send?key=k',
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=',
      'not a url',
    ]) {
      expect([webhook, isAllowedWebhook(webhook, local)]).toEqual([webhook, false]);
    }
  });

  it('takes loopback only where the stack is local', () => {
    for (const webhook of [
      'http://127.0.0.1:8790/cgi-bin/webhook/send?key=demo-r01',
      'http://localhost:8790/cgi-bin/webhook/send?key=demo-r01',
      'http://[::1]:8790/cgi-bin/webhook/send?key=demo-r01',
    ]) {
      expect(isAllowedWebhook(webhook, local)).toBe(true);
      expect(isAllowedWebhook(webhook, onAws)).toBe(false);
    }
    expect(isAllowedWebhook('http://127.0.0.1.attacker.example/x', local)).toBe(false);
  });

  it("takes the company's proxy under its path only, over https", () => {
    expect(isAllowedWebhook('https://wecom-proxy.example.com/cgi-bin/webhook/send?key=k', withProxy)).toBe(
      true,
    );
    expect(isAllowedWebhook('https://wecom-proxy.example.com/admin', withProxy)).toBe(false);
    expect(isAllowedWebhook('https://wecom-proxy.example.com/cgi-bin/webhook/sendmore', withProxy)).toBe(
      false,
    );
    expect(isAllowedWebhook('http://wecom-proxy.example.com/cgi-bin/webhook/send?key=k', withProxy)).toBe(
      false,
    );
  });

  it('reads the proxy setting, naming the variable when an entry is not an https prefix', () => {
    expect(parseWecomProxies(undefined)).toEqual([]);
    expect(parseWecomProxies(' https://a.example/x , https://b.example/ ').map((url) => url.href)).toEqual([
      'https://a.example/x',
      'https://b.example/',
    ]);
    expect(() => parseWecomProxies('http://a.example/x')).toThrow(/CHURN_WATCH_WECOM_PROXY_URLS/);
    expect(() => parseWecomProxies('https://a.example/x?key=1')).toThrow(/not an https URL prefix/);
  });

  it('says what is taken, in both languages, without repeating the refused URL', () => {
    expect(webhookNotAllowedText(onAws, 'en')).toBe(
      'is not a WeCom robot address: use https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    );
    expect(webhookNotAllowedText({ ...withProxy, loopback: true }, 'zh-CN')).toBe(
      '不是企业微信机器人地址：应为 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…（或已配置的企业微信代理（https://wecom-proxy.example.com/cgi-bin/webhook/send）；本机的 http://127.0.0.1 或 localhost）',
    );
  });
});
