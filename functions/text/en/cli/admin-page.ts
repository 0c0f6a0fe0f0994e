import type { AdminPageText } from '../../zh-CN/cli/admin-page.ts';

export const adminPage: AdminPageText = {
  title: 'churn-watch settings (local)',
  heading: 'Thresholds and settings',
  otherLanguage: '<a href="/?lang=zh-CN">中文</a>',
  editingDefaults: 'Editing: version 0 (the defaults; never changed)',
  editing: (version) => `Editing: version ${version}`,
  editingSince: (version, since, zone) => `Editing: version ${version} (in effect since ${since}, ${zone})`,
  storedConfigBroken: 'The form below still works: saving valid settings repairs it.',
  settings: 'Settings',
  settingsHint: 'Changed fields are marked yellow; each line says what its value means, updated on preview.',
  otherSettings: 'Other settings (KEY=VALUE, one per line)',
  otherSettingsHint:
    'e.g. rules.inactive.tiers.vip.days=21 (VIP customers only); lists as ["vip","important"]; null restores the default.',
  reason: 'Why (required to save)',
  name: 'Your name',
  preview: 'Preview',
  save: 'Save as a new version',
  section: {
    timeZone: 'Time zone and language',
    tiers: 'Customer tiers',
    cycle: 'Order cycle',
    atRisk: 'Lost customers',
    profile: 'Customer profiles',
    schedule: 'When messages go out',
    digest: 'Daily digest',
    escalation: 'Escalation',
    channels: 'Channels',
    weekly: 'Weekly summary',
    riskModel: 'Risk model',
    followUp: 'One-tap answers',
  },
  yes: 'yes (true)',
  no: 'no (false)',
  defaultValue: (value) => `default ${value}`,
  previewHeading: 'Preview (not saved)',
  previewHead: (asOf, customers, version) =>
    `${customers} customers evaluated on the data of ${asOf}, the current settings (version ${version}) against the new ones:`,
  noChange: '(same as the current settings)',
  looksRight: 'Looks right? Say why at the bottom and save.',
  history: 'Versions',
  historyHint: (timeZone) => `newest first, times in ${timeZone}`,
  version: (version, when, who) => `v${version} · ${when} · ${who}`,
  currentTag: '(current)',
  why: (reason) => `Why: ${reason}`,
  defaults: 'v0 · the defaults',
  rollBackHere: 'Roll back to this version',
  answer: {
    nothingChanged: 'Nothing was changed:',
    noVersion:
      'the form does not say which settings version it edits: reload the page and make the change on the newest settings',
    noChange: 'no setting was changed: change a field (or write a KEY=VALUE line under other settings) first',
    reasonRequired: 'say why (it is kept in the history)',
    reasonTooLong: (max, length) =>
      `the reason may be at most ${max} characters (this one has ${length}); shorten it`,
    cannotPreview: 'Cannot preview:',
    storedInvalid: 'the stored settings are invalid and cannot be compared with; save valid settings first.',
    notSaved: 'Not saved:',
    notPreviewed: 'Not previewed:',
    conflictSave: (currentVersion, editing) =>
      `someone else changed the config (now version ${currentVersion}) while you were editing version ${editing}; nothing was saved, so their change is not overwritten.`,
    conflictPreview: (currentVersion, editing) =>
      `someone else changed the config (now version ${currentVersion}) while you were editing version ${editing}; preview again on the newest settings.`,
    yourChangesKept:
      'The fields below now show the newest settings; your changes are in the other-settings box: check them, then preview or save again.',
    cannotRollBack: 'Cannot roll back:',
    versionInvalid: (version) => `the settings of version ${version} are no longer valid: `,
    rollbackNoVersion:
      'the form does not say which settings version is current: reload the page and roll back again',
    notRolledBack: 'Not rolled back:',
    rollbackConflict: (currentVersion) =>
      `someone else changed the config (now version ${currentVersion}); nothing was rolled back. Look at the newest settings and history first.`,
    saved: (version) => `Saved as version ${version}. The daily run uses the new settings from its next run.`,
    rolledBack: (toVersion, version) =>
      `Rolled back to the settings of version ${toVersion}, saved as version ${version}. The daily run uses them from its next run.`,
    schedulesFailed:
      'The settings are saved, but the schedules were not updated (the reason is in the churn-watch log): save the same value again once fixed to sync them.',
  },
  refusedRequest: {
    unknownHost: 'unknown host',
    notFound: 'not found',
    methodNotAllowed: 'method not allowed',
    crossSite: 'cross-site form posts are refused',
    formEncoding: 'send the form as application/x-www-form-urlencoded',
    formTooLarge: 'form over 64 KB',
  },
  rollback: {
    title: 'churn-watch roll back (local)',
    heading: (toVersion) => `Roll back to version ${toVersion}?`,
    savedBy: (toVersion, who, when, reason) =>
      `Version ${toVersion} was saved by ${who} at ${when}: ${reason}`,
    defaults: 'Version 0 is all the defaults.',
    nothingChanges: 'The settings are the same as now; nothing would change.',
    explain: (toVersion, newVersion) =>
      `The settings below go back to their values in version ${toVersion}, saved as the new version ${newVersion} (the history is not rewritten; this can be rolled back too):`,
    reason: 'Why (required)',
    confirm: (toVersion) => `Roll back to version ${toVersion}`,
    cancel: 'Cancel',
  },
};
