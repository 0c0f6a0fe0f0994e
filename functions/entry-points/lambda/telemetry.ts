import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, type METRICS, type ServiceName, STAGE_ENV } from '../../contracts/telemetry.ts';

export interface Telemetry {
  /** Structured JSON log lines (`level`, `message`, `service`, `timestamp`, the fields given). */
  logger: Logger;
  /** Adds counts and publishes them as one Embedded Metric Format line, which CloudWatch turns into metrics. */
  count(counts: Partial<Record<(typeof METRICS)[keyof typeof METRICS], number>>): void;
}

/**
 * A function's logger and metrics (Powertools for AWS Lambda). What goes into either is ids and counts only:
 * customer names, order data, webhook URLs and signed links stay out of the logs.
 *
 * @example
 * const { logger, count } = telemetry('notifier');
 * count({ [METRICS.sent]: 12, [METRICS.undelivered]: 0 });
 */
export function telemetry(service: ServiceName): Telemetry {
  const stage = process.env[STAGE_ENV] ?? 'local';
  const logger = new Logger({ serviceName: service, persistentKeys: { stage } });
  const metrics = new Metrics({
    namespace: METRIC_NAMESPACE,
    serviceName: service,
    defaultDimensions: { stage },
  });
  return {
    logger,
    count(counts) {
      let added = false;
      for (const [name, value] of Object.entries(counts)) {
        if (value === undefined) continue;
        metrics.addMetric(name, MetricUnit.Count, value);
        added = true;
      }
      if (added) metrics.publishStoredMetrics();
    },
  };
}
