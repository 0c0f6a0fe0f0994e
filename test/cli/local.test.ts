import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('npm start', () => {
  it('runs the demo distributor once and prints the customers at risk (npm start -- --once)', async () => {
    const { stdout, stderr } = await promisify(execFile)('npm', ['start', '--silent', '--', '--once'], {
      cwd: new URL('../..', import.meta.url).pathname,
    });
    expect(stderr).toContain('演示经销商');
    expect(stdout).toContain('评估日期 2026-11-20');
    expect(stdout).toMatch(/C\d{5}/);
  });
});
