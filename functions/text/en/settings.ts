import type { SettingsText } from '../zh-CN/settings.ts';

export const settings: SettingsText = {
  notSet: '(not set)',

  allowed: {
    wholeNumber: 'a whole number',
    number: 'a number',
    between: (kind, min, max) => `${kind} from ${min} to ${max}`,
    atLeast: (value) => `at least ${value}`,
    greaterThan: (value) => `greater than ${value}`,
    atMost: (value) => `at most ${value}`,
    lessThan: (value) => `less than ${value}`,
    bounded: (kind, bounds) => `${kind} ${bounds}`,
    boundSeparator: ' and ',
    boolean: 'true or false',
    oneOf: (options) => `one of ${options}`,
    listOf: (options, example) => `a list of ${options}, e.g. ${example}`,
    optionSeparator: ', ',
    timeOfDay: '00:00 to 23:59',
    timeZone: 'an IANA time zone, e.g. Asia/Shanghai',
    text: 'text',
  },

  badKey: (key) => `"${key}" is not a setting name (use a dotted path such as rules.inactive.days)`,
  notAnAssignment: (text) => `"${text}" should be KEY=VALUE, e.g. rules.inactive.days=21`,

  notAWeekday: (value, weekdays) => `schedule.weeklyDay ${value} is not a weekday: use one of ${weekdays}`,
  notATimeOfDay: (key, value) =>
    `${key} ${value} is not a time of day: use HH:MM from 00:00 to 23:59, e.g. 07:30`,
  notATimeZone: (value) => `timeZone ${value} is not an IANA time zone name, e.g. Asia/Shanghai`,

  invalidConfig: 'invalid config; nothing was changed:',
  allowedAfterRefusal: (allowed) => ` (allowed: ${allowed})`,
  settingsHere: (settings) => ` (settings here: ${settings})`,
  storedConfigInvalid: (version, issues) =>
    `the current config (version ${version}) in the config table is invalid: ${issues}`,
  issueSeparator: '; ',
  storedVersionUnreadable: (sk) =>
    `config version ${sk} in the config table cannot be read (edited by hand?)`,
  conflict: (currentVersion) =>
    `someone else changed the config (now version ${currentVersion}); nothing was saved. Run churn-watch config get and try again.`,
  whoAndWhy: 'every change needs who made it and why; nothing was changed',
  nothingToRollBack: 'no config has been saved yet (the defaults are in use); nothing to roll back',
  rollbackRange: (last, currentVersion) =>
    last === 0
      ? `can roll back only to version 0, the defaults (the current one is ${currentVersion})`
      : `can roll back only to a version from 0 to ${last} (the current one is ${currentVersion}; 0 = the defaults)`,
  versionNotInHistory: (version) => `version ${version} is not in the history`,
  versionNotStored: (version) => `config version ${version} is not in the config table`,
  rollbackReason: (version, reason) => `rollback to v${version}: ${reason}`,
  refused: {
    reasonOrByOnlyWhenChanging: '--reason and --by apply only to config set and config rollback',
    asOfOnlyInPreview: '--as-of applies only to config preview',
    noFormat: (subcommand) => `config ${subcommand} has no --format option`,
    reasonRequired: `say why with --reason (it is kept in the history), e.g. --reason "earlier warnings"`,
    settingsRequired: (subcommand) =>
      `name the settings to change, e.g. config ${subcommand} rules.inactive.days=21`,
    versionNotNumber: (text) => `a version is a number such as 3 or v3 (got "${text}")`,
    noSuchSetting: (key) => `no setting ${key}`,
  },
  currentNeverChanged: 'Current config: version 0 (never changed; all defaults)',
  current: (version, who, when, timeZone, why) =>
    `Current config: version ${version}, saved by ${who} at ${when} (${timeZone}): ${why}`,
  column: { key: 'Key', value: 'Value', default: 'Default', meaning: 'Meaning' },
  differsMark: '* = differs from the default',
  unchanged: (version) =>
    `The settings are the same as the current ones; nothing was changed (still version ${version}).`,
  savedAs: (version) => `Saved as version ${version}:`,
  nextRun: 'The daily run uses the new settings from its next run.',
  rolledBack: (toVersion) => `Rolled back to the settings of version ${toVersion}.`,
  history: {
    empty: 'No config has been saved yet; the defaults are in use.',
    version: (version, when, who, why) => `v${version}  ${when}  ${who}  why: ${why}`,
    timesIn: (timeZone) => `Times in ${timeZone}, newest first`,
  },
  preview: {
    head: (asOf, customers, version) =>
      `Preview: ${customers} customers evaluated on the data of ${asOf}, the current settings (version ${version}) against the new ones:`,
    noChange: '  (same as the current settings)',
    noData:
      'Note: there is no customer data yet (load orders with churn-watch import first); every count is 0.',
    bySignal: 'By signal (customers it flags, lost ones excluded)',
    signal: 'Signal',
    byTier: 'By tier (tiers follow trailing sales and may move with the settings)',
    tier: 'Tier',
    tierCounts: ['Customers now', 'New', 'At risk now', 'New', 'Change'],
    counts: ['Now', 'New', 'Change'],
    total: 'Total',
    atRisk: 'Customers at risk',
    share: 'Share of all customers',
    points: (sign, points) => `${sign}${points} pts`,
    lost: 'Lost (no longer listed)',
    nothingSaved:
      'Nothing was saved. To save, run churn-watch config set … (the same settings) --reason TEXT',
    unreadable: (count, first) =>
      `note: ${count} customer profiles could not be read and are not counted (${first.join(', ')}…)`,
  },
  scheduleMoved: (name, fromExpression, fromZone, toExpression, toZone) =>
    `Schedule ${name}: ${fromExpression} (${fromZone}) → ${toExpression} (${toZone})`,
  schedulesNotSynced: (reason) =>
    `The settings are saved, but the schedules were not updated: ${reason}. Save the same value again once fixed to sync them.`,
};
