/** Where each service listens unless told otherwise; the demo data's webhooks point at the WeCom one. */
export const DEFAULT_PORTS = { dynamodb: 8000, ses: 8005, wecom: 8790 } as const;

export const PORT_ENV_VARS = {
  dynamodb: 'CHURN_WATCH_DYNAMODB_PORT',
  ses: 'CHURN_WATCH_SES_PORT',
  wecom: 'CHURN_WATCH_WECOM_PORT',
} as const;
