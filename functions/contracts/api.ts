/** The paths and record kinds of the HTTP API, shared by the handlers and the CDK app. Dependency-free. */

/** `POST /v1/{kind}`: the kinds of record the ingest API takes. */
export const INGEST_KINDS = ['orders', 'customers', 'reps', 'visits', 'coupons', 'complaints'] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

/** The path every action link is served under, on the local API server and on API Gateway alike. */
export const ACTION_PATH = '/a';
