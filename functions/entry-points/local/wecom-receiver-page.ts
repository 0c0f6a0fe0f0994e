import type { Locale } from '../../core/locale.ts';
import { escapeHtml } from '../../render/html.ts';
import type { ReceivedMessage, RejectedSend, RobotSummary } from './wecom-receiver-types.ts';
import { mentionHtml, renderRobotMessage } from './wecom-robot-markdown.ts';
import { type CliCatalogue, cliTextFor } from '../../text/cli-catalogue.ts';

/**
 * A robot key as it may be shown, with the same tail as the notifier's logs and `deliveries`: a webhook key
 * is the robot's only credential (whoever has it can post to the group), so pages, JSON and logs never carry
 * the whole key.
 */
export { maskWebhookKey } from '../../adapters/wecom/wecom-client.ts';

/** `/messages.json`: what the receiver holds, for scripts and tests, newest first. Keys are masked. */
export function renderReceiverJson(robots: RobotSummary[], rejected: RejectedSend[]): string {
  return JSON.stringify({ robots, rejected }, null, 2);
}

/** One thing that happened to a robot, in the order it happened. */
export type RobotEvent = ({ kind: 'message' } & ReceivedMessage) | ({ kind: 'refused' } & RejectedSend);

/** A robot as the page shows it: like a group chat, oldest message first. */
export interface RobotTimeline {
  /** The masked key. */
  robot: string;
  /** Who the robot posts for (the reps whose webhook it is), when the receiver was told. */
  names: string[];
  disabled: boolean;
  /** Accepted and refused sends, oldest first. */
  events: RobotEvent[];
}

export interface ReceiverPageOptions {
  locale: Locale;
  /** IANA zone the times are shown in, the product's configured zone. */
  timeZone: string;
}

type Text = CliCatalogue['local']['wecomPage'];

/**
 * `GET /`: each robot's messages as a group chat on a phone would show them, oldest first, so a digest
 * split into parts reads 1/3, 2/3, 3/3 from the top; the robots that got something most recently come first.
 */
export function renderReceiverPage(
  robots: RobotTimeline[],
  unregistered: RejectedSend[],
  options: ReceiverPageOptions,
): string {
  const text = cliTextFor(options.locale).local.wecomPage;
  const time = timeFormatter(options.timeZone);
  const lastId = (robot: RobotTimeline) => robot.events.at(-1)?.id ?? 0;
  const active = robots.filter((robot) => robot.events.length > 0).sort((a, b) => lastId(b) - lastId(a));
  const idle = robots.filter((robot) => robot.events.length === 0);
  const nav = active
    .map((robot, i) => `<a href="#robot-${i + 1}">${escapeHtml(robotLabel(robot, text))}</a>`)
    .join('');
  const sections = active.map((robot, i) => renderRobot(robot, i + 1, text, time)).join('\n');
  return `<!doctype html>
<html lang="${options.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top">
<h1>${escapeHtml(text.title)}</h1>
<p>${escapeHtml(text.intro(options.timeZone))}</p>
<p class="links"><a href="/messages.json">messages.json</a> · ${text.otherLanguage}</p>
${nav ? `<nav>${nav}</nav>` : ''}
</header>
<main>
${sections || (idle.length ? '' : `<p class="empty">${escapeHtml(text.noRobots)}</p>`)}
${renderIdle(idle, text)}
${renderUnregistered(unregistered, text, time)}
</main>
</body>
</html>
`;
}

/** The reps' names when known, always with the masked key so two robots of one rep can be told apart. */
function robotLabel(robot: RobotTimeline, text: Text): string {
  const who = robot.names.length ? robot.names.join('、') : text.robot;
  return `${who} ${robot.robot}`;
}

type FormatTime = (iso: string) => string;

function renderRobot(robot: RobotTimeline, index: number, text: Text, time: FormatTime): string {
  const label = escapeHtml(robotLabel(robot, text));
  const messages = robot.events.filter((event) => event.kind === 'message').length;
  const refused = robot.events.length - messages;
  const counts = text.messages(messages) + (refused ? text.refusedCount(refused) : '');
  const status = robot.disabled ? ` <span class="badge">${escapeHtml(text.disabled)}</span>` : '';
  const events = robot.events
    .map((event) =>
      event.kind === 'message' ? renderMessage(event, label, text, time) : renderRefused(event, text, time),
    )
    .join('\n');
  return `<section class="robot" id="robot-${index}">
<h2><span class="avatar" aria-hidden="true">${escapeHtml(text.avatar)}</span><span class="name">${label}${status}</span> <small>${escapeHtml(counts)}</small></h2>
<ol class="chat">
${events}
</ol>
</section>`;
}

function renderMessage(message: ReceivedMessage, label: string, text: Text, time: FormatTime): string {
  const listed = [...message.mentionedList, ...message.mentionedMobileList];
  const mentions = listed.length
    ? `<p class="mentions">${listed.map((id) => mentionHtml(id === '@all' ? text.everyone : id)).join(' ')}</p>`
    : '';
  return `<li class="message" data-id="${message.id}" data-msgtype="${escapeHtml(message.msgtype)}">
<p class="time">${timeHtml(message.receivedAt, time)}</p>
<div class="row"><span class="avatar" aria-hidden="true">${escapeHtml(text.avatar)}</span><div class="body">
<p class="sender">${label} <span class="tag">${escapeHtml(text.bot)}</span></p>
<div class="bubble ${message.msgtype === 'text' ? 'text' : 'markdown'}">${renderRobotMessage(message.content, message.msgtype)}${mentions}</div>
<p class="meta">${escapeHtml(message.msgtype)} · ${message.bytes} ${escapeHtml(text.bytes)} · #${message.id}</p>
</div></div>
</li>`;
}

function renderRefused(send: RejectedSend, text: Text, time: FormatTime): string {
  return `<li class="refused" data-id="${send.id}"><p class="time">${timeHtml(send.receivedAt, time)}</p>
<p class="notice">${escapeHtml(text.refused)} · errcode ${send.errcode} · ${escapeHtml(send.errmsg)}</p></li>`;
}

function renderIdle(idle: RobotTimeline[], text: Text): string {
  if (!idle.length) return '';
  const robots = idle
    .map((robot) => {
      const status = robot.disabled ? text.disabledSuffix : '';
      return `<li>${escapeHtml(robotLabel(robot, text) + status)}</li>`;
    })
    .join('');
  return `<section class="idle"><h2>${escapeHtml(text.idle)}</h2><ul>${robots}</ul></section>`;
}

function renderUnregistered(sends: RejectedSend[], text: Text, time: FormatTime): string {
  if (!sends.length) return '';
  const rows = sends
    .map(
      (send) =>
        `<li class="refused" data-id="${send.id}"><p class="time">${timeHtml(send.receivedAt, time)} · ${escapeHtml(send.robot)}</p>` +
        `<p class="notice">errcode ${send.errcode} · ${escapeHtml(send.errmsg)}</p></li>`,
    )
    .join('\n');
  return `<section class="unregistered">
<h2>${escapeHtml(text.unregistered)}</h2>
<p>${escapeHtml(text.unregisteredNote)}</p>
<ol class="chat">
${rows}
</ol>
</section>`;
}

function timeHtml(iso: string, time: FormatTime): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(time(iso))}</time>`;
}

/** `2026-11-20 08:30:00` in `timeZone`: the same shape in either language, sortable at a glance. */
function timeFormatter(timeZone: string): FormatTime {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return (iso) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
    return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}:${parts['second']}`;
  };
}

/**
 * Close to the WeCom client: a grey chat background, white bubbles beside a robot avatar, the three font
 * colours, blue mentions; one column that fits a 390 px phone, every long word and URL wrapping.
 */
const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; background: #ededed; color: #191919; font: 16px/1.5 system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; overflow-wrap: anywhere; }
a { color: #2f6bd8; }
.top, main { max-width: 40rem; margin: 0 auto; padding: 0 0.75rem; }
.top { padding-top: 0.75rem; }
h1 { font-size: 1.2rem; margin: 0.5rem 0; }
.top p { font-size: 0.85rem; color: #4c4c4c; margin: 0.4rem 0; }
nav { display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0.6rem 0; }
nav a { background: #fff; border-radius: 1rem; padding: 0.15rem 0.7rem; font-size: 0.85rem; text-decoration: none; }
section { margin: 1.25rem 0; }
section > h2 { display: flex; align-items: center; flex-wrap: wrap; gap: 0.4rem; font-size: 1rem; margin: 0 0 0.5rem; padding: 0.5rem 0; border-bottom: 1px solid #d6d6d6; }
section > h2 small { color: #888; font-weight: normal; font-size: 0.8rem; }
.badge { background: #fa5151; color: #fff; border-radius: 3px; padding: 0 0.3rem; font-size: 0.75rem; font-weight: normal; margin-left: 0.3rem; }
.avatar { flex: none; display: inline-flex; align-items: center; justify-content: center; width: 2.25rem; height: 2.25rem; border-radius: 4px; background: #3975c6; color: #fff; font-size: 0.8rem; font-weight: bold; }
ol.chat, .idle ul { list-style: none; margin: 0; padding: 0; }
.time { text-align: center; color: #999; font-size: 0.75rem; margin: 0.9rem 0 0.4rem; }
.row { display: flex; gap: 0.5rem; align-items: flex-start; }
.body { flex: 1; min-width: 0; }
.sender { margin: 0 0 0.2rem; font-size: 0.75rem; color: #888; }
.tag { border: 1px solid #3975c6; color: #3975c6; border-radius: 2px; padding: 0 0.2rem; font-size: 0.65rem; }
.bubble { display: inline-block; max-width: 100%; background: #fff; border-radius: 6px; padding: 0.5rem 0.75rem; }
.bubble p { margin: 0; white-space: pre-wrap; }
.bubble p.blank { height: 0.75em; }
.bubble h1, .bubble h2, .bubble h3, .bubble h4, .bubble h5, .bubble h6 { margin: 0.2rem 0; line-height: 1.35; }
.bubble h1 { font-size: 1.25rem; } .bubble h2 { font-size: 1.1rem; } .bubble h3 { font-size: 1.05rem; }
.bubble h4, .bubble h5, .bubble h6 { font-size: 1rem; }
.bubble blockquote { margin: 0.1rem 0; padding: 0 0 0 0.6rem; border-left: 3px solid #dcdcdc; color: #4c4c4c; }
.bubble blockquote.level-2 { margin-left: 0.6rem; } .bubble blockquote.level-3 { margin-left: 1.2rem; }
.bubble code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; background: #f3f3f3; border-radius: 3px; padding: 0 0.2rem; word-break: break-all; }
.font-info { color: #07a15c; } .font-comment { color: #888; } .font-warning { color: #f0701f; }
.mention { color: #2f6bd8; }
.mentions { margin-top: 0.3rem; }
.meta { margin: 0.15rem 0 0; font-size: 0.7rem; color: #aaa; }
.notice { text-align: center; font-size: 0.75rem; color: #4c4c4c; background: #dadada; border-radius: 4px; padding: 0.2rem 0.5rem; margin: 0 auto; max-width: 90%; width: fit-content; }
.idle ul { display: flex; flex-wrap: wrap; gap: 0.4rem; }
.idle li { background: #fff; border-radius: 1rem; padding: 0.1rem 0.6rem; font-size: 0.8rem; color: #4c4c4c; }
.unregistered > p, .empty { font-size: 0.85rem; color: #4c4c4c; }
`;
