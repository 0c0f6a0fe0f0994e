import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from '../../../functions/core/config.ts';
import { loadConfigFile } from '../../../functions/entry-points/cli/evaluation-input.ts';

/** Key order and values, all the way down: what a rule list or a config dump would show in order. */
const shape = (value: unknown): unknown =>
  value !== null && typeof value === 'object'
    ? Array.isArray(value)
      ? value.map(shape)
      : Object.entries(value).map(([key, inner]) => [key, shape(inner)])
    : value;

describe('loadConfigFile', () => {
  it('gives the validated defaults without --config, key for key and in the same order', async () => {
    // Prepare
    const validated = parseConfig({});

    // Act
    const config = await loadConfigFile(undefined, 'zh-CN');

    // Assess
    expect(validated.ok).toBe(true);
    if (!validated.ok) return;
    expect(shape(config)).toEqual(shape(validated.config));
  });

  it('gives each run its own copy of the defaults', async () => {
    // Act
    const config = await loadConfigFile(undefined, 'en');
    config.rules.inactive.days = 99;

    // Assess
    expect(DEFAULT_CONFIG.rules.inactive.days).toBe(30);
    expect((await loadConfigFile(undefined, 'en')).rules.inactive.days).toBe(30);
  });
});
