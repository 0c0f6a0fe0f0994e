import { join } from 'node:path';
import type { Locale } from '../../core/locale.ts';
import { startDynamoServer } from './dynamodb-server.ts';
import { LocalServiceError, PortInUseError } from './errors.ts';
import { DEFAULT_PORTS, PORT_ENV_VARS } from './ports.ts';
import { startSesServer } from './ses-server.ts';
import { startWecomReceiver, type WecomReceiver } from './wecom-receiver.ts';
import { cliTextFor, cliWorded } from '../../text/cli-catalogue.ts';

const HOST = '127.0.0.1';

// In a module of their own, so the sample generator can read them without loading the servers.
export { DEFAULT_PORTS, PORT_ENV_VARS } from './ports.ts';

/** The SDK reads these in this order, so a more specific one wins over `AWS_ENDPOINT_URL`. */
const DYNAMODB_ENDPOINT_VARS = ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL'] as const;
const SES_ENDPOINT_VARS = ['AWS_ENDPOINT_URL_SESV2', 'AWS_ENDPOINT_URL_SES', 'AWS_ENDPOINT_URL'] as const;

const DEFAULT_REGION = 'us-east-1';
/** The local services check that requests are signed, not by whom. */
const LOCAL_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' } as const;

type ServiceName = keyof typeof DEFAULT_PORTS;

const SERVICE_NAMES: Record<ServiceName, string> = {
  dynamodb: 'DynamoDB (dynalite)',
  ses: 'SES (aws-ses-v2-local)',
  wecom: 'WeCom receiver',
};
type Env = Readonly<Record<string, string | undefined>>;

/** `started`: an embedded service of this process; otherwise the variable the endpoint was configured by. */
export type EndpointSource =
  'started' | (typeof DYNAMODB_ENDPOINT_VARS)[number] | (typeof SES_ENDPOINT_VARS)[number];

export interface EmbeddedServicesOptions {
  /** The folder `churn-watch local` keeps its data in; DynamoDB data goes to `dataDir/dynamodb`. */
  dataDir: string;
  env?: Env;
  /** Overrides both the defaults and the `CHURN_WATCH_*_PORT` variables; 0 picks a free port. */
  ports?: Partial<Record<ServiceName, number>>;
  /** Robot keys the WeCom receiver knows (e.g. the demo reps' `demo-r01`); others, unless a prefix below accepts them, get 93000. */
  wecomKeys?: Iterable<string>;
  /** Keys the WeCom receiver accepts on first use (see `WecomReceiverOptions.keyPrefixes`). */
  wecomKeyPrefixes?: Iterable<string>;
  /** The configured zone and language, for the WeCom receiver's page. Default Asia/Shanghai, zh-CN. */
  timeZone?: string;
  locale?: Locale;
}

export interface EmbeddedServices {
  /** The endpoints the product should use: the started services or the configured ones. */
  endpoints: { dynamodb: string; sesv2: string };
  sources: { dynamodb: EndpointSource; sesv2: EndpointSource };
  /** Base URLs of what this process started. */
  started: { dynamodb?: string; ses?: string; wecom: string };
  /** Where the started DynamoDB keeps its data (undefined when DynamoDB was configured elsewhere). */
  dynamodbPath: string | undefined;
  wecom: WecomReceiver;
  /**
   * The SDK environment that points the product at these endpoints: `AWS_ENDPOINT_URL_DYNAMODB`,
   * `AWS_ENDPOINT_URL_SESV2`, `AWS_REGION`, and dummy credentials when none are configured and every endpoint
   * is on this machine (never when a real AWS endpoint is in play, where they would shadow a profile).
   */
  env(): Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts what `churn-watch local` needs on 127.0.0.1: dynalite and aws-ses-v2-local only where the SDK
 * environment does not already name an endpoint (so LocalStack or DynamoDB Local can take their place), and
 * the WeCom receiver always, since nothing else stands in for qyapi.weixin.qq.com.
 */
export async function startEmbeddedServices(options: EmbeddedServicesOptions): Promise<EmbeddedServices> {
  const env = options.env ?? process.env;
  const port = (service: ServiceName): number => resolvePort(service, options.ports?.[service], env);
  // Read every port first, so a typo in one variable fails before anything is started.
  const ports = { dynamodb: port('dynamodb'), ses: port('ses'), wecom: port('wecom') };
  const configuredDynamo = configuredEndpoint(env, DYNAMODB_ENDPOINT_VARS);
  const configuredSes = configuredEndpoint(env, SES_ENDPOINT_VARS);

  const closers: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    // Reverse order, and every one even if an earlier one fails, so no port or data folder stays held.
    const results = await Promise.allSettled(
      closers
        .splice(0)
        .reverse()
        .map((close) => close()),
    );
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
  };
  const start = async <T extends { close(): Promise<void> }>(service: ServiceName, run: () => Promise<T>) => {
    try {
      const handle = await run();
      closers.push(() => handle.close());
      return handle;
    } catch (error) {
      await closeAll().catch(() => undefined);
      throw error instanceof PortInUseError ? error.withEnvVar(PORT_ENV_VARS[service]) : error;
    }
  };

  const dynamodbPath = configuredDynamo ? undefined : join(options.dataDir, 'dynamodb');
  const dynamo = dynamodbPath
    ? await start('dynamodb', () =>
        startDynamoServer({ port: ports.dynamodb, host: HOST, path: dynamodbPath }),
      )
    : undefined;
  const ses = configuredSes
    ? undefined
    : await start('ses', () => startSesServer({ port: ports.ses, host: HOST }));
  const wecom = await start('wecom', () =>
    startWecomReceiver({
      port: ports.wecom,
      host: HOST,
      keys: options.wecomKeys ?? [],
      keyPrefixes: options.wecomKeyPrefixes ?? [],
      timeZone: options.timeZone,
      locale: options.locale,
    }),
  );

  const endpoints = {
    dynamodb: dynamo?.url ?? configuredDynamo?.url ?? '',
    sesv2: ses?.url ?? configuredSes?.url ?? '',
  };
  return {
    endpoints,
    sources: {
      dynamodb: configuredDynamo?.source ?? 'started',
      sesv2: configuredSes?.source ?? 'started',
    },
    started: {
      ...(dynamo ? { dynamodb: dynamo.url } : {}),
      ...(ses ? { ses: ses.url } : {}),
      wecom: wecom.url,
    },
    dynamodbPath,
    wecom,
    env() {
      const vars: Record<string, string> = {
        AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
        AWS_ENDPOINT_URL_SESV2: endpoints.sesv2,
        AWS_REGION: env['AWS_REGION']?.trim() || DEFAULT_REGION,
      };
      const hasCredentials = Boolean(env['AWS_ACCESS_KEY_ID']?.trim() || env['AWS_PROFILE']?.trim());
      if (!hasCredentials && Object.values(endpoints).every(isOnThisMachine))
        Object.assign(vars, LOCAL_CREDENTIALS);
      return vars;
    },
    close: closeAll,
  };
}

/** The lines `churn-watch local` prints so an admin knows where to look: DynamoDB, the inbox, the robots' page. */
export function describeEndpoints(services: EmbeddedServices, locale: Locale = 'zh-CN'): string {
  const text = cliTextFor(locale).local.endpoints;
  const { endpoints, sources, started } = services;
  return [
    sources.dynamodb === 'started'
      ? text.dynamodbStarted(String(services.dynamodbPath), endpoints.dynamodb)
      : text.dynamodbConfigured(sources.dynamodb, withoutCredentials(endpoints.dynamodb)),
    started.ses
      ? text.inbox(started.ses)
      : text.sesConfigured(sources.sesv2, withoutCredentials(endpoints.sesv2)),
    text.wecom(started.wecom),
  ].join('\n');
}

function resolvePort(service: ServiceName, explicit: number | undefined, env: Env): number {
  const envVar = PORT_ENV_VARS[service];
  const fromEnv = env[envVar]?.trim();
  if (explicit !== undefined) return checkPort(explicit, service, String(explicit));
  if (fromEnv) return checkPort(Number(fromEnv), service, `${envVar}=${fromEnv}`);
  return DEFAULT_PORTS[service];
}

function checkPort(port: number, service: ServiceName, given: string): number {
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new LocalServiceError(
    SERVICE_NAMES[service],
    cliWorded((text) => text.local.service.portInvalid(given)),
  );
}

function configuredEndpoint(
  env: Env,
  names: readonly Exclude<EndpointSource, 'started'>[],
): { url: string; source: Exclude<EndpointSource, 'started'> } | undefined {
  for (const name of names) {
    const url = env[name]?.trim();
    if (url) return { url, source: name };
  }
  return undefined;
}

function isOnThisMachine(endpoint: string): boolean {
  try {
    const { hostname } = new URL(endpoint);
    return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname) || hostname.endsWith('.localhost');
  } catch {
    return false;
  }
}

/** An endpoint may carry `user:password@`; what is printed must not. */
export function withoutCredentials(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    url.username = '';
    url.password = '';
    return url.href.replace(/\/$/, '');
  } catch {
    return endpoint;
  }
}
