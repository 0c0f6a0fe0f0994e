import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-root.ts';

/**
 * Where a running `npm start` says how to reach it: the exact `export` line for the CLI in another terminal.
 * Written at start and removed on exit; a command that finds no database to talk to reads it, so its message
 * names the ports this stack really listens on rather than the defaults.
 */
const FILE = 'running.json';

export const localDataDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env.CHURN_WATCH_DATA_DIR ?? join(projectRoot(), '.local');

/** `wecomUrl`: the local WeCom receiver, where the sample generator points its robots. */
export function recordRunningStack(dataDir: string, exportLine: string, wecomUrl?: string): () => void {
  const path = join(dataDir, FILE);
  writeFileSync(path, `${JSON.stringify({ pid: process.pid, exportLine, wecomUrl })}\n`);
  return () => rmSync(path, { force: true });
}

/** The WeCom receiver of the `npm start` running on this data folder, or null when none is running. */
export function runningWecomUrl(dataDir: string = localDataDir()): string | null {
  try {
    const { pid, wecomUrl } = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as {
      pid: number;
      wecomUrl?: unknown;
    };
    process.kill(pid, 0);
    return typeof wecomUrl === 'string' ? wecomUrl : null;
  } catch {
    return null;
  }
}

/** The export line of the `npm start` running on this data folder, or null when none is running. */
export function runningStackExport(dataDir: string = localDataDir()): string | null {
  try {
    const { pid, exportLine } = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as {
      pid: number;
      exportLine: string;
    };
    process.kill(pid, 0);
    return typeof exportLine === 'string' ? exportLine : null;
  } catch {
    return null;
  }
}
