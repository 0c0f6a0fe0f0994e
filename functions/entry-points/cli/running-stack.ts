import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './project-root.ts';

/**
 * Where a running `npm start` says how to reach it: the exact `export` line for the CLI in another terminal, and
 * its WeCom receiver's address. Written at start and removed on exit; a command that finds no database to talk to
 * reads it, so its message names the ports this stack really listens on rather than the defaults, and the sample
 * generator points its robots at the receiver.
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

/** What a running `npm start` on this data folder recorded, or null when none is running. */
function runningStack(dataDir: string): { exportLine?: unknown; wecomUrl?: unknown } | null {
  try {
    const recorded = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as {
      pid: number;
      exportLine?: unknown;
      wecomUrl?: unknown;
    };
    process.kill(recorded.pid, 0);
    return recorded;
  } catch {
    return null;
  }
}

/** The WeCom receiver of the `npm start` running on this data folder, or null when none is running. */
export function runningWecomUrl(dataDir: string = localDataDir()): string | null {
  const wecomUrl = runningStack(dataDir)?.wecomUrl;
  return typeof wecomUrl === 'string' ? wecomUrl : null;
}

/** The export line of the `npm start` running on this data folder, or null when none is running. */
export function runningStackExport(dataDir: string = localDataDir()): string | null {
  const exportLine = runningStack(dataDir)?.exportLine;
  return typeof exportLine === 'string' ? exportLine : null;
}
