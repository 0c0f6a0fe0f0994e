import { LocalizedError, type Wording } from '../../core/localized-error.ts';
import { cliWorded } from '../../text/cli-catalogue.ts';

/**
 * An embedded service could not start or stop. `error.message` is English for logs; the admin who ran
 * `churn-watch local` gets {@link LocalServiceError.describe} in their language.
 */
export class LocalServiceError extends LocalizedError {
  override readonly name: string = 'LocalServiceError';
  /** Which service, as the admin knows it: `DynamoDB (dynalite)`, `SES (aws-ses-v2-local)`, `WeCom receiver`. */
  readonly service: string;

  constructor(service: string, words: Wording, options?: { cause?: unknown }) {
    super(words, options);
    this.service = service;
  }
}

/** Something else already listens on the port; `envVar`, when known, is the setting that moves the service. */
export class PortInUseError extends LocalServiceError {
  override readonly name: string = 'PortInUseError';
  readonly host: string;
  readonly port: number;
  readonly envVar: string | undefined;

  constructor(service: string, host: string, port: number, envVar?: string, options?: { cause?: unknown }) {
    const example = port < 65535 ? port + 1 : port - 1;
    super(
      service,
      cliWorded((text) => text.local.service.portInUse(service, host, port, envVar ?? null, example)),
      options,
    );
    this.host = host;
    this.port = port;
    this.envVar = envVar;
  }

  /** The same error, now naming the setting that moves the service (known only to the caller). */
  withEnvVar(envVar: string): PortInUseError {
    return new PortInUseError(this.service, this.host, this.port, envVar, { cause: this.cause });
  }
}

/** The data folder is held by another running dynalite (typically a second `churn-watch local`). */
export class DataDirLockedError extends LocalServiceError {
  override readonly name: string = 'DataDirLockedError';
  readonly path: string;

  constructor(service: string, path: string, options?: { cause?: unknown }) {
    super(
      service,
      cliWorded((text) => text.local.service.dataDirLocked(service, path)),
      options,
    );
    this.path = path;
  }
}
