import type { ConfigText } from '../../zh-CN/cli/config.ts';

export const config: ConfigText = {
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
