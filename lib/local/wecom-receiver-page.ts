import type { ReceivedMessage, RejectedSend, RobotSummary } from './wecom-receiver.ts';

/** Keys this short would be guessable from their tail, so they show nothing at all. */
const MIN_KEY_LENGTH_TO_SHOW_TAIL = 8;

/**
 * A robot key as it may be shown: only its last 3 characters (`…r01`). A webhook key is the robot's only
 * credential (whoever has it can post to the group), so pages, JSON and logs never carry the whole key.
 */
export function maskWebhookKey(key: string): string {
  return key.length >= MIN_KEY_LENGTH_TO_SHOW_TAIL ? `…${key.slice(-3)}` : '…';
}

/** `/messages.json`: what the page shows, for scripts and tests. Keys are masked. */
export function renderReceiverJson(robots: RobotSummary[], rejected: RejectedSend[]): string {
  return JSON.stringify({ robots, rejected }, null, 2);
}

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** `GET /`: every robot with what it received, newest first, for a person checking what a rep would see. */
export function renderReceiverPage(robots: RobotSummary[], rejected: RejectedSend[]): string {
  const sections = robots
    .slice()
    .sort((a, b) => (b.messages[0]?.id ?? 0) - (a.messages[0]?.id ?? 0))
    .map(renderRobot)
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>企业微信机器人消息（本地） · WeCom robot messages (local)</title>
<style>
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1f2328; }
h1 small, h2 small { color: #59636e; font-weight: normal; font-size: 0.7em; }
section { border-top: 1px solid #d1d9e0; margin-top: 1.5rem; }
article { border: 1px solid #d1d9e0; border-radius: 6px; margin: 0.75rem 0; }
article header { background: #f6f8fa; padding: 0.4rem 0.75rem; font-size: 0.85rem; color: #59636e; }
pre { margin: 0; padding: 0.75rem; white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.disabled { color: #d1242f; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
td, th { border-bottom: 1px solid #d1d9e0; padding: 0.3rem; text-align: left; vertical-align: top; }
</style>
</head>
<body>
<h1>企业微信群机器人 · 本地接收器 <small>WeCom group robot · local receiver</small></h1>
<p>这里显示发往本地机器人的消息，最新的在前；机器人密钥只显示最后 3 位。限制与真实接口相同：markdown 最多 4096 字节、text 最多 2048 字节，每个机器人每分钟最多 20 条。<br>
<small>Messages sent to local robots, newest first; keys show only their last 3 characters. Same limits as the real webhook: markdown ≤ 4096 bytes, text ≤ 2048 bytes, 20 messages a minute per robot.</small></p>
<p><a href="/messages.json">messages.json</a></p>
${sections || '<p>还没有机器人。 <small>No robots yet.</small></p>'}
${renderRejected(rejected)}
</body>
</html>
`;
}

function renderRobot(robot: RobotSummary): string {
  const status = robot.disabled ? ' <span class="disabled">已停用 · disabled</span>' : '';
  const messages = robot.messages.length
    ? robot.messages.map(renderMessage).join('\n')
    : '<p>还没有收到消息。 <small>No messages yet.</small></p>';
  return `<section>
<h2>机器人 ${escapeHtml(robot.robot)}${status} <small>${robot.messages.length} 条消息 · messages</small></h2>
${messages}
</section>`;
}

function renderMessage(message: ReceivedMessage): string {
  const mentions = [...message.mentionedList, ...message.mentionedMobileList];
  const mentioned = mentions.length ? ` · @ ${escapeHtml(mentions.join(', '))}` : '';
  // Shown as the text that was sent, not rendered: what matters here is exactly what the notifier produced.
  return `<article>
<header>#${message.id} · ${escapeHtml(formatTime(message.receivedAt))} · ${escapeHtml(message.msgtype)} · ${message.bytes} 字节 bytes${mentioned}</header>
<pre>${escapeHtml(message.content)}</pre>
</article>`;
}

function renderRejected(rejected: RejectedSend[]): string {
  if (!rejected.length) return '';
  const rows = rejected
    .map(
      (send) =>
        `<tr><td>${escapeHtml(formatTime(send.receivedAt))}</td><td>${escapeHtml(send.robot)}</td>` +
        `<td>${send.errcode}</td><td>${escapeHtml(send.errmsg)}</td></tr>`,
    )
    .join('\n');
  return `<section>
<h2>被拒绝的请求 <small>Refused sends (${rejected.length})</small></h2>
<table>
<tr><th>时间 time</th><th>机器人 robot</th><th>errcode</th><th>errmsg</th></tr>
${rows}
</table>
</section>`;
}

function formatTime(iso: string): string {
  return `${TIME.format(new Date(iso))} 北京时间`;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
