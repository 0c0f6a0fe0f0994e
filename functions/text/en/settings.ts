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
};
