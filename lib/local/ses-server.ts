import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { Config } from 'aws-ses-v2-local';
import { assertPortFree, closeServer, serviceUrl } from './http-server.ts';
import { LocalServiceError } from './errors.ts';

const SERVICE = 'SES (aws-ses-v2-local)';

export interface SesServerOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  host?: string;
}

export interface SesServer {
  /** The SES (v1 and v2) API endpoint; its inbox page is at `/` and the stored emails at `GET /store`. */
  url: string;
  close(): Promise<void>;
}

/**
 * aws-ses-v2-local in this process: an SES API that keeps every email it is sent and shows them on an inbox
 * page. Its emails live in one store per process, so two servers started here share an inbox.
 */
export async function startSesServer(options: SesServerOptions = {}): Promise<SesServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 0;
  // The library resolves even when listen fails, which would leave the inbox silently missing.
  await assertPortFree(port, host, SERVICE);
  const server = await loadSesLocal()({ host, port });
  const address = server.address();
  if (!server.listening || address === null || typeof address === 'string') {
    throw new LocalServiceError(SERVICE, {
      'zh-CN': `${SERVICE} 无法在 ${host}:${port} 上启动。`,
      en: `${SERVICE} could not start on ${host}:${port}.`,
    });
  }
  return { url: serviceUrl(host, address.port), close: () => closeServer(server) };
}

/**
 * Loaded with `require`: the package is CommonJS with an `__esModule` default export, which Node's ESM loader
 * hands over as `module.exports` while vitest unwraps it to the function, so an `import` works in only one.
 */
function loadSesLocal(): (config: Partial<Config>) => Promise<Server> {
  const sesLocal = createRequire(import.meta.url)('aws-ses-v2-local') as {
    default: (config: Partial<Config>) => Promise<Server>;
  };
  return sesLocal.default;
}
