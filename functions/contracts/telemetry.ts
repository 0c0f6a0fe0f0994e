/**
 * The names the functions' telemetry and the stack's alarms agree on: the metrics namespace, each function's
 * service name, the metric names, and the environment variable that carries the stage. Dependency-free, so the CDK
 * (lib/constructs) imports it without pulling runtime code into the synth.
 */

/** CloudWatch namespace of every metric the functions publish (Embedded Metric Format, via Powertools). */
export const METRIC_NAMESPACE = 'churn-watch';

/** The `service` dimension of each function's metrics and the `service` key of its log lines. */
export const SERVICES = {
  ingest: 'ingest',
  evaluator: 'evaluator',
  notifier: 'notifier',
  actions: 'actions',
} as const;
export type ServiceName = (typeof SERVICES)[keyof typeof SERVICES];

/** Metric names, each a count. Dimensions: `service` and `stage`. */
export const METRICS = {
  /** Messages a notifier run left failed or uncertain (the `undelivered` alarm). */
  undelivered: 'UndeliveredMessages',
  /** Messages a notifier run sent. */
  sent: 'MessagesSent',
  /** Customers the daily evaluation found at risk, and evaluated in all. */
  atRisk: 'CustomersAtRisk',
  evaluated: 'CustomersEvaluated',
  /** Records an ingest request stored, and refused (each with its index and fields in the answer). */
  accepted: 'RecordsAccepted',
  rejected: 'RecordsRejected',
  /** Taps on a digest's answer link that failed on our side (the rep was asked to try again). */
  actionErrors: 'ActionErrors',
} as const;

/** Set by the stack on every function: the deployment stage (`dev`, `prod`), a dimension of every metric. */
export const STAGE_ENV = 'CHURN_WATCH_STAGE';
