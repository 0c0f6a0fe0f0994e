import { describe, expect, it } from 'vitest';
import {
  CorruptProfileError,
  evaluationProfileFromItem,
  profileFromItem,
  profileToItem,
  versionedProfileFromItem,
} from '../../functions/adapters/dynamodb/profile-item.ts';
import { profileOf } from '../core/helpers.ts';

describe('profile items', () => {
  const profile = profileOf(
    [
      { date: '2026-10-01', amount: 120, skus: ['A', 'B'], repId: 'R01' },
      { date: '2026-10-15', amount: -20, status: 'returned' },
    ],
    { asOf: '2026-11-20', customerId: 'C01' },
  );

  it('reads back exactly the profile it wrote, with its version', () => {
    // Act
    const item = JSON.parse(JSON.stringify(profileToItem(profile, 7))) as Record<string, unknown>;
    const read = versionedProfileFromItem(item);
    // Assess
    expect(read.version).toBe(7);
    expect(read.profile).toEqual(JSON.parse(JSON.stringify(profile)));
  });

  it('refuses an item that is not a profile, naming the customer and the field', () => {
    // Prepare
    const item = JSON.parse(JSON.stringify(profileToItem(profile, 1))) as Record<string, unknown>;
    (item.orders as Record<string, unknown>).nets = [12000, 'lots'];
    // Act / Assess
    expect(() => profileFromItem(item)).toThrow(CorruptProfileError);
    expect(() => profileFromItem(item)).toThrow(/customer C01 .*orders\.nets\.1/);
    expect(() => profileFromItem({ ...item, orders: undefined })).toThrow(/orders/);
  });
});

describe('profile items as stored before the numeric columns were packed', () => {
  const profile = profileOf(
    [
      { date: '2026-10-01', amount: 120, skus: ['A', 'B'], repId: 'R01' },
      { date: '2026-10-15', amount: -20, status: 'returned' },
    ],
    { asOf: '2026-11-20', customerId: 'C01' },
  );

  it('packs the numeric columns into one string and reads both that and the lists of numbers', () => {
    // Prepare: today's item, and the same profile as items were written before (every column a list)
    const item = JSON.parse(JSON.stringify(profileToItem(profile, 3))) as Record<string, unknown>;
    const listed = { ...JSON.parse(JSON.stringify(profile)), version: 3 } as Record<string, unknown>;

    // Act
    const fromPacked = versionedProfileFromItem(item);
    const fromLists = versionedProfileFromItem(listed);

    // Assess
    expect(typeof item.orderNumbers).toBe('string');
    expect(Object.keys(item.orders as object).sort()).toEqual(['skuNames']);
    expect(fromPacked).toEqual(fromLists);
    expect(fromLists.profile).toEqual(JSON.parse(JSON.stringify(profile)));
  });

  it('packs the order numbers and the reps per order into one string and reads items that list them', async () => {
    // Prepare: today's item, and the same profile as items were written before `orderKeys` (numbers
    // packed, order numbers and reps listed in `orders`)
    const item = JSON.parse(JSON.stringify(profileToItem(profile, 3))) as Record<string, unknown>;
    const { orderKeys, ...rest } = item;
    const { ids, reps } = profile.orders;
    const listed = { ...rest, orders: { ...(item.orders as object), ids, reps } };

    // Act
    const fromPacked = versionedProfileFromItem(item);
    const fromListed = versionedProfileFromItem(JSON.parse(JSON.stringify(listed)));

    // Assess
    expect(JSON.parse(orderKeys as string)).toEqual([ids, ['R01', 1, '', 1]]);
    expect(fromListed).toEqual(fromPacked);
    expect(fromPacked.profile).toEqual(JSON.parse(JSON.stringify(profile)));
  });

  it('refuses a packed item whose numbers are not a profile’s, naming the customer and the column', () => {
    const item = JSON.parse(JSON.stringify(profileToItem(profile, 1))) as Record<string, unknown>;
    expect(() => profileFromItem({ ...item, orderNumbers: '[[1],[2]' })).toThrow(
      /customer C01 .*orders\.days/,
    );
    expect(() => profileFromItem({ ...item, orderNumbers: '[[1,2],[1.5,2],[1,0],[0,2],[0,1]]' })).toThrow(
      /customer C01 .*orders\.nets\.0/,
    );
  });
});

describe('profile items as the daily evaluation reads them', () => {
  const profile = profileOf(
    [
      { date: '2026-10-01', amount: 120, skus: ['A', 'B'], repId: 'R01', id: 'SO202610010001' },
      { date: '2026-10-15', amount: 80, skus: ['B'], repId: 'R02', id: 'SO202610150007' },
    ],
    { asOf: '2026-11-20', customerId: 'C01', visits: ['2026-11-01'] },
  );
  // What a scan with the evaluation's projection returns: no order numbers, no rep per order.
  const projected = () => {
    const item = JSON.parse(JSON.stringify(profileToItem(profile, 4))) as Record<string, unknown>;
    const orders = { ...(item.orders as Record<string, unknown>) };
    delete orders.ids;
    delete orders.reps;
    delete item.version;
    return { ...item, orders };
  };

  it('reads every column the rules use, with the order numbers and reps per order left empty', () => {
    // Act
    const read = evaluationProfileFromItem(projected());
    // Assess
    const whole = JSON.parse(JSON.stringify(profile)) as typeof profile;
    expect(read).toEqual({ ...whole, orders: { ...whole.orders, ids: [], reps: [] } });
    expect(read.repId).toBe('R02');
  });

  it('still names the customer and the field of a profile it cannot read', () => {
    // Prepare
    const item = projected();
    // Act / Assess
    expect(() => evaluationProfileFromItem({ ...item, orderNumbers: '[[1],[2]' })).toThrow(
      /customer C01 .*orders\.days/,
    );
    expect(() => evaluationProfileFromItem({ ...item, visitsTracked: 'yes' })).toThrow(
      /customer C01 .*visitsTracked/,
    );
  });
});

describe('the reps per order in a profile item', () => {
  it('are kept as runs of the same rep and read back order by order', () => {
    // Prepare: three orders naming R01, then two naming R02
    const profile = profileOf(
      ['2026-09-01', '2026-09-15', '2026-10-01', '2026-10-15', '2026-11-01'].map((date, i) => ({
        date,
        amount: 100,
        repId: i < 3 ? 'R01' : 'R02',
      })),
      { asOf: '2026-11-20', customerId: 'C01' },
    );

    // Act
    const item = JSON.parse(JSON.stringify(profileToItem(profile, 2))) as Record<string, unknown>;
    const read = versionedProfileFromItem(item);

    // Assess
    expect(JSON.parse(item.orderKeys as string)[1]).toEqual(['R01', 3, 'R02', 2]);
    expect(read.profile.orders.reps).toEqual(['R01', 'R01', 'R01', 'R02', 'R02']);
    expect(read.profile).toEqual(JSON.parse(JSON.stringify(profile)));
  });

  it('refuses runs that are not a rep and a count, naming the customer and the column', () => {
    const profile = profileOf([{ date: '2026-10-01', amount: 100, repId: 'R01', id: 'A1' }], {
      asOf: '2026-11-20',
      customerId: 'C01',
    });
    const item = JSON.parse(JSON.stringify(profileToItem(profile, 1))) as Record<string, unknown>;
    expect(() => profileFromItem({ ...item, orderKeys: '[["A1"],["R01",0]]' })).toThrow(
      /customer C01 .*orders\.reps/,
    );
  });
});
