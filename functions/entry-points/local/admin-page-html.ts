import type { ConfigVersion, CurrentConfig } from '../../adapters/dynamodb/config-store.ts';
import { atRiskShare, type ConfigPreview } from '../../use-cases/settings/preview-config.ts';
import { formatInstant } from '../../use-cases/settings/config-text.ts';
import { type ChurnConfig, DEFAULT_CONFIG, TIERS } from '../../core/config.ts';
import { explainSetting } from '../../text/config-explain.ts';
import { type ConfigChange, configLeaves, getAt, parseAssignment } from '../../core/config-keys.ts';
import { describeAllowed, describeChange, formatConfigValue, localizeReason } from '../../text/settings.ts';
import { SIGNAL_ORDER } from '../../core/shown-signals.ts';
import { ruleTitle, tierName } from '../../text/explain.ts';
import type { Locale } from '../../core/locale.ts';
import { escapeHtml } from '../../render/html.ts';
import { cliTextFor } from '../../text/cli-catalogue.ts';

/**
 * The admin page's HTML: one form with a field per setting (each explained in the admin's words), the preview
 * of a change, the versions with a rollback button each, and the rollback confirmation. No script runs
 * (the page's CSP allows none): preview, save and rollback are plain form posts.
 */

/** What the form held when it was sent, kept so a refused or previewed change is not retyped. */
export interface FormState {
  /** The value typed into each setting's field, by dotted key (only fields that were sent). */
  fields: Map<string, string>;
  /** Extra `KEY=VALUE` lines (per-tier overrides and anything without a field). */
  settings: string;
  reason: string;
  name: string;
  /** The version the form was filled from; undefined when it was not sent (a script's post). */
  version: number | undefined;
}

export interface PageState {
  locale: Locale;
  current: CurrentConfig | undefined;
  /** The version being edited (also when the stored settings cannot be read). */
  version: number;
  /** Why the current settings could not be read (a stored document that no longer validates). */
  storedError: string | undefined;
  history: ConfigVersion[];
  form: FormState;
  /** Refusal: a heading and the lines under it, each naming a key and what it accepts. */
  errors: { title: string; lines: string[] } | undefined;
  notice: string | undefined;
  preview: ConfigPreview | undefined;
  /** `lang=…` for links and the form when the page is not in the server's default language, else ''. */
  langQuery: string;
}

export interface RollbackState {
  locale: Locale;
  current: CurrentConfig;
  toVersion: number;
  target: { changedBy: string; changedAt: string; reason: string } | undefined;
  /** What the rollback changes, or why it cannot be made. */
  changes: ConfigChange[];
  problem: string | undefined;
  form: { reason: string; name: string };
  langQuery: string;
}

export const emptyForm = (): FormState => ({
  fields: new Map(),
  settings: '',
  reason: '',
  name: '',
  version: undefined,
});

const STYLE = `
body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; margin: 1.5rem auto; max-width: 60rem; padding: 0 0.75rem; color: #1f2328; line-height: 1.5; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; border-top: 1px solid #d1d9e0; padding-top: 1rem; margin-top: 1.5rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 0.25rem; }
small, .muted { color: #59636e; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
td, th { border-bottom: 1px solid #d1d9e0; padding: 0.3rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-wrap: anywhere; }
#editing { font-size: 1.05rem; font-weight: 600; margin-bottom: 0; }
.notice { background: #dafbe1; border: 1px solid #4ac26b; border-radius: 6px; padding: 0.5rem 0.75rem; }
.errors { background: #ffebe9; border: 1px solid #ff8182; border-radius: 6px; padding: 0.5rem 0.75rem; color: #82071e; }
.errors ul { margin: 0.25rem 0 0; padding-left: 1.25rem; }
#preview { background: #ddf4ff; border: 1px solid #54aeff; border-radius: 6px; padding: 0.5rem 0.75rem; }
#preview h2 { border-top: none; margin-top: 0.25rem; padding-top: 0; }
#preview ul { margin: 0.25rem 0; padding-left: 1.25rem; font-size: 0.85rem; }
.setting { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 0 0.75rem; padding: 0.4rem 0; border-bottom: 1px solid #d1d9e0; overflow-wrap: anywhere; }
.setting.changed { background: #fff8c5; }
.setting .explain { grid-column: 1; margin: 0; }
.setting label { grid-column: 1; font-size: 0.8rem; font-weight: 400; margin: 0; }
.setting .field { grid-column: 2; grid-row: 1 / span 3; }
.setting small { grid-column: 1; }
@media (max-width: 40rem) { .setting { grid-template-columns: minmax(0, 1fr); } .setting .field { grid-column: 1; grid-row: auto; } }
form label.block { display: block; margin-top: 0.75rem; font-weight: 600; }
textarea, input[type=text], select { box-sizing: border-box; width: 100%; font: inherit; padding: 0.4rem; border: 1px solid #d1d9e0; border-radius: 6px; background: #fff; }
textarea { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; min-height: 4rem; }
button { margin-top: 0.75rem; margin-right: 0.5rem; font: inherit; padding: 0.4rem 1.2rem; border-radius: 6px; border: 1px solid #1f883d; background: #1f883d; color: #fff; }
button.secondary { background: #f6f8fa; color: #1f2328; border-color: #d1d9e0; }
button.danger { background: #fff; color: #cf222e; border-color: #cf222e; margin-top: 0.25rem; font-size: 0.85rem; padding: 0.2rem 0.8rem; }
article { border: 1px solid #d1d9e0; border-radius: 6px; margin: 0.75rem 0; padding: 0.5rem 0.75rem; overflow-wrap: anywhere; }
article ul, #rollback-changes { margin: 0.25rem 0 0; padding-left: 1.25rem; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85rem; }
#actions { border-top: 1px solid #d1d9e0; margin-top: 1rem; }
`;

const withLang = (path: string, langQuery: string) =>
  langQuery === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${langQuery}`;

function document(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** "正在编辑：版本 3（生效于 2026-11-20 09:12，Asia/Shanghai）": which version the form starts from. */
export function editingLine(current: CurrentConfig | undefined, version: number, locale: Locale): string {
  const text = cliTextFor(locale).adminPage;
  if (version === 0) return text.editingDefaults;
  if (current === undefined || current.changedAt === null) return text.editing(version);
  const zone = current.config.timeZone;
  return text.editingSince(version, formatInstant(current.changedAt, zone), zone);
}

/** The whole page; every text from the store or the form is escaped here. */
export function renderAdminPage(state: PageState): string {
  const { locale, current } = state;
  const { adminPage: text, settings: configText } = cliTextFor(locale);
  const timeZone = current?.config.timeZone ?? DEFAULT_CONFIG.timeZone;

  const summary = state.storedError
    ? `<div class="errors" role="alert">${escapeHtml(state.storedError)}<br>${escapeHtml(text.storedConfigBroken)}</div>`
    : current === undefined || current.version === 0
      ? `<p id="current" class="muted">${escapeHtml(configText.currentNeverChanged)}</p>`
      : `<p id="current" class="muted">${escapeHtml(
          configText.current(
            current.version,
            current.changedBy ?? '—',
            formatInstant(current.changedAt, timeZone),
            timeZone,
            current.reason === null ? '—' : localizeReason(current.reason, locale),
          ),
        )}</p>`;

  const notice = state.notice ? `<p class="notice" role="status">${escapeHtml(state.notice)}</p>` : '';
  const errors = state.errors
    ? `<div class="errors" role="alert" id="errors"><strong>${escapeHtml(state.errors.title)}</strong><ul>${state.errors.lines
        .map((line) => `<li>${escapeHtml(line)}</li>`)
        .join('')}</ul></div>`
    : '';
  const preview = state.preview ? renderPreview(state.preview, locale) : '';
  const fields = current ? renderFields(current.config, state.form, locale) : '';

  const body = `<h1>${escapeHtml(text.heading)} <small>${text.otherLanguage}</small></h1>
<p id="editing">${escapeHtml(editingLine(current, state.version, locale))}</p>
${summary}
${notice}
${errors}
${preview}
<form method="post" action="${withLang('/set', state.langQuery)}">
<input type="hidden" name="version" value="${state.version}">
<h2 id="settings-heading">${escapeHtml(text.settings)} <small>${escapeHtml(text.settingsHint)}</small></h2>
${fields}
<h3><label for="settings">${escapeHtml(text.otherSettings)}</label></h3>
<small>${escapeHtml(text.otherSettingsHint)}</small>
<textarea id="settings" name="settings" rows="3" spellcheck="false" autocapitalize="off">${escapeHtml(state.form.settings)}</textarea>
<div id="actions">
<label class="block" for="reason">${escapeHtml(text.reason)}</label>
<input type="text" id="reason" name="reason" maxlength="500" value="${escapeHtml(state.form.reason)}">
<label class="block" for="name">${escapeHtml(text.name)}</label>
<input type="text" id="name" name="name" maxlength="100" value="${escapeHtml(state.form.name)}">
<button type="submit" class="secondary" id="preview-button" formaction="${withLang('/preview', state.langQuery)}">${escapeHtml(text.preview)}</button>
<button type="submit" id="save-button">${escapeHtml(text.save)}</button>
</div>
</form>
${renderHistory(state.history, state.version, timeZone, state.langQuery, locale)}`;
  return document(locale, text.title, body);
}

/** Section headings: a rule by its name, the rest by what they are about. */
function sectionTitle(key: string, locale: Locale): string {
  const [head, rule] = key.split('.');
  if (head === 'rules' && rule !== undefined) {
    return `${ruleTitle(rule as Parameters<typeof ruleTitle>[0], locale)} · ${rule}`;
  }
  const { section } = cliTextFor(locale).adminPage;
  const group = head === 'locale' ? 'timeZone' : (head ?? '');
  return Object.hasOwn(section, group) ? section[group as keyof typeof section] : (head ?? key);
}

const sectionOf = (key: string) => {
  const [head, rule] = key.split('.');
  if (head === 'rules') return `rules.${rule}`;
  return head === 'locale' ? 'timeZone' : (head ?? key);
};

/** The value in a field, when it is one the setting could hold (same kind as the current one). */
function typedValue(key: string, text: string, like: unknown): unknown {
  try {
    const { value } = parseAssignment(`${key}=${text}`);
    const kind = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v);
    return kind(value) === kind(like) ? value : undefined;
  } catch {
    return undefined;
  }
}

function renderFields(config: ChurnConfig, form: FormState, locale: Locale): string {
  const { adminPage: text, settings: configText } = cliTextFor(locale);
  let section = '';
  const out: string[] = [];
  for (const { key, value } of configLeaves(config)) {
    if (sectionOf(key) !== section) {
      section = sectionOf(key);
      out.push(`<h3>${escapeHtml(sectionTitle(key, locale))}</h3>`);
    }
    const shown = form.fields.get(key) ?? formatConfigValue(value, locale);
    const typed = typedValue(key, shown, value);
    const edited = form.fields.has(key) && JSON.stringify(typed) !== JSON.stringify(value);
    const explanation = explainSetting(key, typed ?? value, locale) ?? '';
    const fallback = getAt(DEFAULT_CONFIG, key);
    const allowed = describeAllowed(key, locale);
    const id = `f-${key}`;
    const differs = JSON.stringify(fallback) !== JSON.stringify(value);
    const input =
      typeof value === 'boolean'
        ? `<select id="${escapeHtml(id)}" name="set:${escapeHtml(key)}">${[true, false]
            .map(
              (option) =>
                `<option value="${option}"${shown === String(option) ? ' selected' : ''}>${
                  option ? text.yes : text.no
                }</option>`,
            )
            .join('')}</select>`
        : `<input type="text" id="${escapeHtml(id)}" name="set:${escapeHtml(key)}" value="${escapeHtml(shown)}" spellcheck="false" autocapitalize="off">`;
    const defaultText = text.defaultValue(formatConfigValue(fallback, locale));
    out.push(
      `<div class="setting${edited ? ' changed' : ''}" data-key="${escapeHtml(key)}"${differs ? ' data-custom' : ''}>` +
        `<p class="explain">${escapeHtml(explanation)}</p>` +
        `<label for="${escapeHtml(id)}"><code>${escapeHtml(key)}</code>${differs ? ' *' : ''}</label>` +
        `<small>${escapeHtml([fallback === undefined ? '' : defaultText, allowed ?? ''].filter((x) => x !== '').join(' · '))}</small>` +
        `<div class="field">${input}</div></div>`,
    );
  }
  return `<p><small>${escapeHtml(configText.differsMark)}</small></p>\n${out.join('\n')}`;
}

/** The same counts as `churn-watch config preview`: per signal, per tier, and in total. */
function renderPreview(preview: ConfigPreview, locale: Locale): string {
  const { adminPage: text } = cliTextFor(locale);
  const words = cliTextFor(locale).settings.preview;
  const delta = (now: number, next: number) =>
    next === now ? '' : next > now ? `+${next - now}` : `−${now - next}`;
  const cells = (values: string[]) =>
    values.map((value) => `<td class="n">${escapeHtml(value)}</td>`).join('');
  const head = (first: string, rest: string[]) =>
    `<tr><th>${escapeHtml(first)}</th>${rest.map((h) => `<th class="n">${escapeHtml(h)}</th>`).join('')}</tr>`;
  const counts = [...words.counts];
  const { current, proposed } = preview;
  const changes =
    preview.changes.length === 0
      ? `<p>${escapeHtml(text.noChange)}</p>`
      : `<ul>${preview.changes.map((change) => `<li>${escapeHtml(describeChange(change, locale))}</li>`).join('')}</ul>`;
  const ruleRows = SIGNAL_ORDER.map(
    (rule) =>
      `<tr data-rule="${rule}"><td>${escapeHtml(ruleTitle(rule, locale))} <small>${rule}</small></td>${cells([
        String(current.byRule[rule]),
        String(proposed.byRule[rule]),
        delta(current.byRule[rule], proposed.byRule[rule]),
      ])}</tr>`,
  );
  const tierRows = TIERS.map((tier) => {
    const now = current.byTier[tier];
    const next = proposed.byTier[tier];
    return `<tr data-tier="${tier}"><td>${escapeHtml(tierName(tier, locale))}</td>${cells([
      String(now.customers),
      String(next.customers),
      String(now.atRisk),
      String(next.atRisk),
      delta(now.atRisk, next.atRisk),
    ])}</tr>`;
  });
  const [shareNow, shareNext] = [atRiskShare(current), atRiskShare(proposed)];
  const points = shareNext - shareNow;
  const totals = [
    `<tr data-total="atRisk"><td>${escapeHtml(words.atRisk)}</td>${cells([
      String(current.atRisk),
      String(proposed.atRisk),
      delta(current.atRisk, proposed.atRisk),
    ])}</tr>`,
    `<tr data-total="share"><td>${escapeHtml(words.share)}</td>${cells([
      `${shareNow}%`,
      `${shareNext}%`,
      points === 0 ? '' : words.points(points > 0 ? '+' : '−', Math.abs(points)),
    ])}</tr>`,
    `<tr data-total="lost"><td>${escapeHtml(words.lost)}</td>${cells([
      String(current.lost),
      String(proposed.lost),
      delta(current.lost, proposed.lost),
    ])}</tr>`,
  ];
  const empty = current.customers === 0 ? `<p>${escapeHtml(words.noData)}</p>` : '';
  return `<section id="preview" role="status">
<h2>${escapeHtml(text.previewHeading)}</h2>
<p>${escapeHtml(text.previewHead(preview.asOf, current.customers, preview.currentVersion))}</p>
${changes}${empty}
<table id="preview-totals">${head(words.total, counts)}${totals.join('')}</table>
<h3>${escapeHtml(words.bySignal)}</h3>
<table id="preview-rules">${head(words.signal, counts)}${ruleRows.join('')}</table>
<h3>${escapeHtml(words.byTier)}</h3>
<table id="preview-tiers">${head(words.tier, [...words.tierCounts])}${tierRows.join('')}</table>
<p><a href="#actions">${escapeHtml(text.looksRight)}</a></p>
</section>`;
}

function rollbackButton(version: number, langQuery: string, locale: Locale): string {
  const lang =
    langQuery === '' ? '' : `<input type="hidden" name="lang" value="${escapeHtml(langQuery.slice(5))}">`;
  return `<form method="get" action="/rollback"><input type="hidden" name="to" value="${version}">${lang}<button type="submit" class="danger">${
    cliTextFor(locale).adminPage.rollBackHere
  }</button></form>`;
}

function renderHistory(
  history: readonly ConfigVersion[],
  currentVersion: number,
  timeZone: string,
  langQuery: string,
  locale: Locale,
): string {
  const { adminPage: text, settings: configText } = cliTextFor(locale);
  const heading = `<h2 id="history">${text.history} <small>${escapeHtml(text.historyHint(timeZone))}</small></h2>`;
  if (history.length === 0) return `${heading}\n<p>${configText.history.empty}</p>`;
  const versions = history.map((version) => {
    const head = text.version(version.version, formatInstant(version.changedAt, timeZone), version.changedBy);
    const tag = version.version === currentVersion ? ` <small>${text.currentTag}</small>` : '';
    const why = text.why(localizeReason(version.reason, locale));
    const changes = version.changes
      .map((change) => `<li>${escapeHtml(describeChange(change, locale))}</li>`)
      .join('');
    const button =
      version.version === currentVersion ? '' : rollbackButton(version.version, langQuery, locale);
    return `<article data-version="${version.version}"><strong>${escapeHtml(head)}</strong>${tag}<br>${escapeHtml(why)}<ul>${changes}</ul>${button}</article>`;
  });
  // Version 0 is the defaults: a way back to them without typing every key.
  const defaults = `<article data-version="0"><strong>${escapeHtml(text.defaults)}</strong>${rollbackButton(0, langQuery, locale)}</article>`;
  return `${heading}\n${versions.join('\n')}\n${defaults}`;
}

/** The confirmation before a rollback: what would change, and why (required). */
export function renderRollbackPage(state: RollbackState): string {
  const { locale, current, toVersion } = state;
  const text = cliTextFor(locale).adminPage.rollback;
  const zone = current.config.timeZone;
  const about = state.target
    ? text.savedBy(
        toVersion,
        state.target.changedBy,
        formatInstant(state.target.changedAt, zone),
        localizeReason(state.target.reason, locale),
      )
    : text.defaults;
  const problem = state.problem
    ? `<div class="errors" role="alert" id="errors">${escapeHtml(state.problem)}</div>`
    : '';
  const changes =
    state.changes.length === 0
      ? `<p>${escapeHtml(text.nothingChanges)}</p>`
      : `<ul id="rollback-changes">${state.changes.map((change) => `<li>${escapeHtml(describeChange(change, locale))}</li>`).join('')}</ul>`;
  const body = `<h1>${escapeHtml(text.heading(toVersion))}</h1>
<p id="editing">${escapeHtml(editingLine(current, current.version, locale))}</p>
<p>${escapeHtml(about)}</p>
${problem}
<p>${escapeHtml(text.explain(toVersion, current.version + 1))}</p>
${changes}
<form method="post" action="${withLang('/rollback', state.langQuery)}">
<input type="hidden" name="to" value="${toVersion}">
<input type="hidden" name="version" value="${current.version}">
<label class="block" for="reason">${escapeHtml(text.reason)}</label>
<input type="text" id="reason" name="reason" maxlength="500" required value="${escapeHtml(state.form.reason)}">
<label class="block" for="name">${escapeHtml(cliTextFor(locale).adminPage.name)}</label>
<input type="text" id="name" name="name" maxlength="100" value="${escapeHtml(state.form.name)}">
<button type="submit" class="danger" id="confirm-rollback">${escapeHtml(text.confirm(toVersion))}</button>
<a href="${withLang('/', state.langQuery)}">${escapeHtml(text.cancel)}</a>
</form>`;
  return document(locale, text.title, body);
}
