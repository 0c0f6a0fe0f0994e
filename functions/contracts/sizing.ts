/**
 * How the daily evaluation is split into scan segments (functions/use-cases/cycle/fan-out.ts): the sizes the stack
 * configures and the variables that carry them. Dependency-free, so the CDK imports it.
 */

export interface SegmentSizing {
  /** Profiles per segment the deployment aims at. */
  itemsPerSegment: number;
  /**
   * Never fewer: DynamoDB refreshes a table's item count only about every six hours, so on the morning after
   * a first big import it may still read 0.
   */
  minSegments: number;
  maxSegments: number;
}

/** The evaluator's variables for each setting; the CDK stack sets them from its context. */
export const SIZING_ENV: Readonly<Record<keyof SegmentSizing, string>> = {
  itemsPerSegment: 'CHURN_WATCH_SEGMENT_ITEMS',
  minSegments: 'CHURN_WATCH_MIN_SEGMENTS',
  maxSegments: 'CHURN_WATCH_MAX_SEGMENTS',
};

/** A segment's two scans take well under a minute on DynamoDB, far inside Lambda's 15 (docs/architecture.md, "Fan-out for large books"). */
export const DEFAULT_SIZING: SegmentSizing = { itemsPerSegment: 25_000, minSegments: 8, maxSegments: 64 };
