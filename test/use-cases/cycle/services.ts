import { type SesServer, startSesServer } from '../../../functions/entry-points/local/ses-server.ts';
import {
  startWecomReceiver,
  type WecomReceiver,
} from '../../../functions/entry-points/local/wecom-receiver.ts';
import { type LocalDynamo, startLocalDynamo } from '../ingest/dynalite.ts';
import { type ScenarioServices, seedScenario } from './scenario.ts';

/** The embedded services the daily-cycle tests run against: dynalite, the SES stand-in, the WeCom receiver. */
export interface CycleServices {
  dynamo: LocalDynamo;
  ses: SesServer;
  wecom: WecomReceiver;
  /** What the scenario seeding and the cycle's senders need of them. */
  scenario: ScenarioServices;
  close(): Promise<void>;
}

export async function startCycleServices(): Promise<CycleServices> {
  const [dynamo, ses, wecom] = await Promise.all([
    startLocalDynamo(),
    startSesServer(),
    startWecomReceiver(),
  ]);
  return {
    dynamo,
    ses,
    wecom,
    scenario: { doc: dynamo.doc, sesUrl: ses.url, wecomWebhook: (key) => wecom.webhookUrl(key) },
    close: async () => {
      await Promise.all([dynamo.close(), ses.close(), wecom.close()]);
    },
  };
}

/**
 * The scenario in fresh tables, R02's robot under `robotKey`, and the environment a CLI run or a Lambda handler
 * reads to reach them.
 */
export async function seededEnvironment(
  services: CycleServices,
  robotKey: string,
): Promise<Record<string, string>> {
  services.wecom.registerKey(robotKey);
  const tables = await services.dynamo.freshTables();
  await seedScenario(services.scenario, tables, robotKey);
  return {
    AWS_ENDPOINT_URL_DYNAMODB: services.dynamo.endpoint,
    AWS_ENDPOINT_URL_SESV2: services.ses.url,
    CHURN_WATCH_TABLE_PREFIX: tables.orders.slice(0, -'orders'.length),
  };
}
