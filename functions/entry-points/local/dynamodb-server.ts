import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { closeServer, listen, serviceUrl } from './http-server.ts';
import { dynaliteWithTransactions } from './dynalite-transactions.ts';
import { DataDirLockedError, LocalServiceError } from './errors.ts';
import { cliWorded } from '../../text/cli-catalogue.ts';

const SERVICE = 'DynamoDB (dynalite)';

export interface DynamoServerOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  host?: string;
  /** LevelDB folder, created if missing; data is kept in memory when omitted. */
  path?: string;
}

export interface DynamoServer {
  /** The DynamoDB API endpoint (`AWS_ENDPOINT_URL_DYNAMODB`). */
  url: string;
  /** Stops the server and closes the LevelDB store, releasing its lock so the folder can be opened again. */
  close(): Promise<void>;
}

/**
 * dynalite in this process: the DynamoDB API on LevelDB, with tables usable the moment they are created, and
 * TransactWriteItems (see {@link dynaliteWithTransactions}) so ingest takes the same path as on AWS.
 */
export async function startDynamoServer(options: DynamoServerOptions = {}): Promise<DynamoServer> {
  const host = options.host ?? '127.0.0.1';
  if (options.path !== undefined) await assertStoreOpenable(options.path);
  const server = dynaliteWithTransactions({
    path: options.path,
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  });
  let port: number;
  try {
    port = await listen(server, options.port ?? 0, host, SERVICE);
  } catch (error) {
    await releaseStore(server, host);
    throw error;
  }
  return { url: serviceUrl(host, port), close: () => closeServer(server) };
}

interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
}
type LevelConstructor = new (path: string) => LevelDatabase;

/**
 * dynalite opens its LevelDB folder in the background and, when another process holds the folder's lock,
 * throws "Database is not open" out of its first request, which crashes the process. Opening the folder
 * once ourselves, with dynalite's own copy of `level`, turns that into an error that names the folder.
 */
async function assertStoreOpenable(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
    const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
    const { Level } = fromDynalite('level') as { Level: LevelConstructor };
    const probe = new Level(path);
    await probe.open();
    await probe.close();
  } catch (error) {
    if (levelErrorCode(error) === 'LEVEL_LOCKED')
      throw new DataDirLockedError(SERVICE, path, { cause: error });
    const reason = error instanceof Error ? (levelCause(error)?.message ?? error.message) : String(error);
    throw new LocalServiceError(
      SERVICE,
      cliWorded((text) => text.local.service.dataDirUnreadable(SERVICE, path, reason)),
      { cause: error },
    );
  }
}

/**
 * dynalite's `close` only closes the store of a server that is listening, so after a failed listen the
 * server listens on a throwaway port just to be closed, or the folder would stay locked until exit.
 */
async function releaseStore(server: Server, host: string): Promise<void> {
  try {
    await listen(server, 0, host, SERVICE);
    await closeServer(server);
  } catch {
    // Nothing more can be done here; the listen error the caller gets matters more.
  }
}

function levelCause(error: Error): Error | undefined {
  return error.cause instanceof Error ? error.cause : undefined;
}

function levelErrorCode(error: unknown): unknown {
  if (!(error instanceof Error)) return undefined;
  const cause = levelCause(error);
  return (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
}
