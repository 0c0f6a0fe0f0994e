import { SAMPLE_ROBOT_KEY_PREFIX, type SampleDistributor } from './generate-distributor.ts';

/** What a prefix may be: short, and only characters every id column takes. */
export const ID_PREFIX = /^[A-Za-z0-9_-]{0,8}$/;

/**
 * The same distributor with every id (customers, reps and managers, orders) prefixed, so its files can be imported
 * beside the demo that `npm start` seeds (same generator, same ids) without merging unrelated shops into it. The
 * robots' keys and the reps' addresses follow, so no two reps share a robot either.
 *
 * @example withIdPrefix(data, 'S-').customers[0].customerId // 'S-C00001'
 */
export function withIdPrefix(data: SampleDistributor, prefix: string): SampleDistributor {
  if (prefix === '') return data;
  const id = (value: string) => (value === '' ? value : `${prefix}${value}`);
  const lower = prefix.toLowerCase();
  return {
    ...data,
    reps: data.reps.map((rep) => ({
      ...rep,
      repId: id(rep.repId),
      managerId: id(rep.managerId),
      email: `${lower}${rep.email}`,
      wecomWebhook: rep.wecomWebhook.replace(
        new RegExp(`([?&]key=${SAMPLE_ROBOT_KEY_PREFIX})`),
        `$1${lower}`,
      ),
    })),
    customers: data.customers.map((customer) => ({
      ...customer,
      customerId: id(customer.customerId),
      repId: id(customer.repId),
    })),
    orderLines: data.orderLines.map((line) => ({
      ...line,
      orderId: id(line.orderId),
      customerId: id(line.customerId),
      repId: id(line.repId),
    })),
    visits: data.visits.map((visit) => ({
      ...visit,
      customerId: id(visit.customerId),
      repId: id(visit.repId),
    })),
    coupons: data.coupons.map((coupon) => ({ ...coupon, customerId: id(coupon.customerId) })),
    complaints: data.complaints.map((complaint) => ({ ...complaint, customerId: id(complaint.customerId) })),
    planted: data.planted.map((planted) => ({ ...planted, customerId: id(planted.customerId) })),
  };
}

/** The reps' robots pointed at the WeCom receiver at `baseUrl` (`http://127.0.0.1:8790`). */
export function robotsAt(data: SampleDistributor, baseUrl: string): SampleDistributor {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    ...data,
    reps: data.reps.map((rep) => ({
      ...rep,
      wecomWebhook: rep.wecomWebhook.replace(/^https?:\/\/[^/]+/, base),
    })),
  };
}
