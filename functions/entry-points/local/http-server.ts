import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import type { Server } from 'node:http';
import { LocalServiceError, PortInUseError } from './errors.ts';
import { cliWorded } from '../../text/cli-catalogue.ts';

/** How long in-flight requests get to finish on close before their connections are cut. */
const CLOSE_GRACE_MS = 1_000;

/** `http://host:port`, with IPv6 hosts in brackets as URLs need them. */
export function serviceUrl(host: string, port: number): string {
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}

/**
 * Listens and resolves with the bound port (the real one when `port` is 0). A busy port becomes a
 * {@link PortInUseError} rather than an unhandled `'error'` event, so the caller can say which setting to change.
 */
export function listen(server: NetServer, port: number, host: string, service: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(toListenError(error, service, host, port));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Fails the way {@link listen} would if the port is taken, for servers that swallow their own listen errors
 * (aws-ses-v2-local resolves its start promise even when the port is busy).
 */
export async function assertPortFree(port: number, host: string, service: string): Promise<void> {
  if (port === 0) return;
  const probe = createNetServer();
  await listen(probe, port, host, service);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}

/**
 * Stops accepting connections, lets requests in flight finish for a moment, then cuts what is left, so that
 * a client holding a keep-alive connection (every AWS SDK client does) cannot keep the process alive.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

function toListenError(error: NodeJS.ErrnoException, service: string, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE')
    return new PortInUseError(service, host, port, undefined, { cause: error });
  const address = `${host}:${port}`;
  return new LocalServiceError(
    service,
    cliWorded((text) => text.local.service.cannotListen(service, address, error.message)),
    { cause: error },
  );
}
