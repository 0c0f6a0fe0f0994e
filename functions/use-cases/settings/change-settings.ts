import type { RollbackInput, SaveConfigInput, SavedConfig } from '../../adapters/dynamodb/config-store.ts';
import type { ScheduleChange, ScheduleFollower } from '../../adapters/scheduler/schedule-sync.ts';

/**
 * Where settings are kept as versions (adapters/dynamodb/config-store.ts, `dynamoConfigStore`). Each save is
 * a new version, written only if no one saved since the version it read: a second admin saving at the same
 * time gets a conflict, never a lost change.
 */
export interface ConfigStore {
  /** @throws invalid settings, no reason or author, a version conflict (config-store.ts's errors). */
  save(input: SaveConfigInput): Promise<SavedConfig>;
  /** An earlier version's settings saved again as a new version. */
  rollback(input: RollbackInput): Promise<SavedConfig & { toVersion: number }>;
}

export interface SettingsDeps {
  configs: ConfigStore;
  /** The deployed schedules, where there are any (AWS); absent locally, where the scheduler re-reads the settings. */
  schedules?: ScheduleFollower | undefined;
}

/**
 * What became of the schedules after a save: nothing to follow (`none`), followed (`synced`, with what
 * changed, empty when they already matched), or not (`failed`): the settings are saved all the same, and
 * saving the same value again syncs them.
 */
export type ScheduleOutcome =
  { kind: 'none' } | { kind: 'synced'; changes: ScheduleChange[] } | { kind: 'failed'; error: unknown };

export interface SettingsChange<S extends SavedConfig = SavedConfig> {
  saved: S;
  schedules: ScheduleOutcome;
}

/**
 * Saves settings as a new version, then points the deployed schedules at the saved digest time, weekday and
 * zone. The schedules are followed after every save, changed or not, so saving the same value again repairs
 * schedules a failed sync left behind. The one way to change settings: the CLI (`config set`) and the admin
 * page both call it.
 *
 * @throws what {@link ConfigStore.save} throws (invalid settings, no reason or author, a version conflict).
 */
export async function saveSettings(deps: SettingsDeps, input: SaveConfigInput): Promise<SettingsChange> {
  const saved = await deps.configs.save(input);
  return { saved, schedules: await followSchedules(deps, saved.config) };
}

/** Brings back an earlier version's settings as a new version (see {@link ConfigStore.rollback}), and follows them. */
export async function rollbackSettings(
  deps: SettingsDeps,
  input: RollbackInput,
): Promise<SettingsChange<SavedConfig & { toVersion: number }>> {
  const saved = await deps.configs.rollback(input);
  return { saved, schedules: await followSchedules(deps, saved.config) };
}

async function followSchedules(deps: SettingsDeps, config: SavedConfig['config']): Promise<ScheduleOutcome> {
  if (!deps.schedules) return { kind: 'none' };
  try {
    return { kind: 'synced', changes: await deps.schedules.follow(config) };
  } catch (error) {
    return { kind: 'failed', error };
  }
}
