import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCli, COMPILED_IN } from '../../../bin/build-cli.ts';
import { projectRoot } from '../../../functions/entry-points/cli/project-root.ts';

const run = promisify(execFile);
const ROOT = projectRoot();

describe('the compiled CLI', () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it('is built from the sources, one chunk per command, and answers as the sources do', async () => {
    // Prepare: a build of its own inside the project (never the dist/cli another test may be running)
    const outdir = join(ROOT, 'dist', `test-${process.pid}`);
    made.push(outdir);

    // Act
    const { inputs } = await buildCli(ROOT, outdir);
    const { main } = (await import(join(outdir, 'churn-watch-cli.js'))) as {
      main: (argv: string[], io: { out(t: string): void; err(t: string): void }) => Promise<number>;
    };
    let out = '';
    const code = await main(['--version'], { out: (text) => (out += text), err: () => undefined });

    // Assess
    expect(inputs).toBeGreaterThan(50);
    expect(code).toBe(0);
    expect(out).toBe('0.1.0\n');
  });

  it('holds zod and @date-fns/tz itself, and counts their package.json among its sources', async () => {
    // Prepare
    const outdir = join(ROOT, 'dist', `test-${process.pid}-packages`);
    made.push(outdir);

    // Act
    await buildCli(ROOT, outdir);
    const code = readdirSync(outdir)
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(outdir, file), 'utf8'))
      .join('\n');
    const { inputs } = JSON.parse(readFileSync(join(outdir, 'inputs.json'), 'utf8')) as { inputs: string[] };

    // Assess: no run loads them module by module from node_modules; their package.json stands for their files
    for (const pkg of COMPILED_IN) {
      expect(code).not.toMatch(new RegExp(`from ["']${pkg}(/[^"']*)?["']`));
      expect(inputs).toContainEqual(expect.stringMatching(new RegExp(`node_modules/${pkg}/package\\.json$`)));
    }
    expect(inputs.filter((input) => input.includes('node_modules/zod/'))).toHaveLength(1);
    // The commands that need the AWS SDK still load it from node_modules.
    expect(code).toMatch(/from "@aws-sdk\/client-dynamodb"/);
  });

  describe('bin/churn-watch.js', () => {
    /** A project with the real entry point, a stand-in build and stand-in sources that say which one ran. */
    function project(options: { built: boolean }) {
      const dir = mkdtempSync(join(tmpdir(), 'cw-bin-'));
      made.push(dir);
      mkdirSync(join(dir, 'bin'));
      mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
      copyFileSync(join(ROOT, 'bin', 'churn-watch.js'), join(dir, 'bin', 'churn-watch.js'));
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
      const say = (what: string) =>
        `export async function main() { process.stdout.write('${what}'); return 0; }\n`;
      writeFileSync(join(dir, 'bin', 'churn-watch-cli.ts'), say('sources'));
      if (options.built) {
        writeFileSync(join(dir, 'dist', 'cli', 'churn-watch-cli.js'), say('compiled'));
        writeFileSync(
          join(dir, 'dist', 'cli', 'inputs.json'),
          JSON.stringify({ builtAt: Date.now() + 60_000, inputs: ['bin/churn-watch-cli.ts'] }),
        );
      }
      const start = async () =>
        (await run('node', [join(dir, 'bin', 'churn-watch.js')], { cwd: dir })).stdout;
      return { dir, start };
    }

    it('runs the build while it is newer than every source, and the sources once one is edited', async () => {
      // Prepare
      const { dir, start } = project({ built: true });

      // Act
      const before = await start();
      const later = new Date(Date.now() + 120_000);
      utimesSync(join(dir, 'bin', 'churn-watch-cli.ts'), later, later);
      const afterEdit = await start();

      // Assess
      expect(before).toBe('compiled');
      expect(afterEdit).toBe('sources');
    });

    it('runs the sources when nothing was built', async () => {
      const { start } = project({ built: false });
      expect(await start()).toBe('sources');
    });
  });
});
