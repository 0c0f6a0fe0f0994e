import { createRequire } from 'node:module';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import dynalite, { type DynaliteOptions } from 'dynalite';

/**
 * TransactWriteItems for dynalite, which answers it with UnknownOperationException: ingest writes orders and
 * profiles in transactions on AWS, and `npm start`, the tests and the benchmarks must take the same path.
 *
 * The shim sits in front of dynalite's request handler and works on dynalite's own store, with its own
 * pieces: its per-item locks (the ones PutItem, UpdateItem and DeleteItem take, so a transaction and a
 * single-item write never interleave on an item), its request validation for PutItem/DeleteItem, its
 * condition evaluator and its index upkeep. Every item of a transaction is locked in one sorted order
 * (two transactions never wait on each other crosswise), read, and checked; then either all are written
 * or none, and the caller gets the same TransactionCanceledException as from AWS, with a reason per item.
 *
 * Not emulated: ClientRequestToken idempotency, TransactionConflict (transactions on the same items wait
 * for each other instead), Update actions, consumed capacity.
 */
export function dynaliteWithTransactions(options: DynaliteOptions): Server {
  const db = fromDynalite('./db') as DynaliteDb;
  // dynalite creates its store inside `dynalite()` and keeps it private: borrow it as it is created.
  const create = db.create;
  let store: Store | undefined;
  db.create = (storeOptions: unknown) => {
    store = create(storeOptions);
    return store;
  };
  let server: Server;
  try {
    server = dynalite(options);
  } finally {
    db.create = create;
  }
  if (!store) throw new Error('dynalite created no store');
  const transactions = transactWriteItems(store, db);
  const [handle] = server.listeners('request') as RequestListener[];
  if (!handle) throw new Error('dynalite has no request handler');
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && req.headers['x-amz-target'] === TARGET) void transactions(req, res);
    else handle(req, res);
  });
  return server;
}

const TARGET = 'DynamoDB_20120810.TransactWriteItems';
const MAX_ACTIONS = 100;
/** Parsed conditions kept for reuse (a profile's version is in its condition, so there are many). */
const MAX_CONDITIONS = 1000;
/** DynamoDB's limit on the items of one transaction together. */
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type AttributeMap = Record<string, Record<string, unknown>>;
type Callback<T> = (error: unknown, value?: T) => void;

interface ItemDb {
  lock(key: string, run: (release: (done: () => void) => () => void) => void): void;
  get(key: string, callback: Callback<AttributeMap>): void;
  put(key: string, item: AttributeMap, callback: Callback<void>): void;
  del(key: string, callback: Callback<void>): void;
}

interface Table {
  TableName: string;
}

interface Store {
  options: { maxItemSize: number };
  getTable(name: string, callback: Callback<Table>): void;
  getItemDb(name: string): ItemDb;
}

interface DynaliteDb {
  create(options: unknown): Store;
  validateItem(item: AttributeMap, table: Table): unknown;
  validateKey(key: AttributeMap, table: Table): unknown;
  createKey(item: AttributeMap, table: Table): string;
  checkConditional(data: unknown, existing: AttributeMap | undefined): unknown;
  updateIndexes(
    store: Store,
    table: Table,
    existing: AttributeMap | undefined,
    item: AttributeMap | null,
    callback: Callback<void>,
  ): void;
  itemSize(item: AttributeMap): number;
}

interface ActionValidation {
  types: Record<string, unknown>;
  custom: (data: unknown, store: Store) => unknown;
}

interface Validations {
  checkTypes(data: unknown, types: Record<string, unknown>): Record<string, unknown>;
  checkValidations(
    data: unknown,
    types: Record<string, unknown>,
    custom: ActionValidation['custom'],
    store: Store,
  ): void;
}

/** A module of dynalite, resolved from dynalite itself: the very objects its server uses. */
function fromDynalite(id: string): unknown {
  const require = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  return require(id);
}

/** An error dynalite's way: the HTTP status and the body DynamoDB would answer. */
class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message ?? body.Message ?? body.__type));
  }
}

const validationError = (message: string) =>
  new ApiError(400, { __type: 'com.amazon.coral.validate#ValidationException', message });

const isApiError = (error: unknown): error is { statusCode: number; body: Record<string, unknown> } =>
  typeof error === 'object' &&
  error !== null &&
  typeof (error as { statusCode?: unknown }).statusCode === 'number' &&
  typeof (error as { body?: unknown }).body === 'object';

type Kind = 'Put' | 'Delete' | 'ConditionCheck';

/** One action of a transaction, validated, with the table it is on and the key of its item there. */
interface Action {
  kind: Kind;
  /** What dynalite's PutItem/DeleteItem would get (the condition parsed into `_condition`). */
  data: Record<string, unknown> & { TableName: string };
  table: Table;
  key: string;
  returnOld: boolean;
}

function transactWriteItems(store: Store, db: DynaliteDb) {
  const validations = fromDynalite('./validations') as Validations;
  const putValidation = fromDynalite('./validations/putItem') as ActionValidation;
  const deleteValidation = fromDynalite('./validations/deleteItem') as ActionValidation;
  const call = <T>(run: (callback: Callback<T>) => void) =>
    new Promise<T>((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));

  // Parsing a condition is most of what validating a put costs dynalite, and a transaction's puts mostly
  // share theirs (`attribute_not_exists(orderId)` for every new order): an expression with the same names
  // and values parses to the same condition, so it is parsed once and the rest of the put validated as ever.
  const conditions = new Map<string, unknown>();
  const validateAction = (data: Action['data'], validation: ActionValidation) => {
    if (typeof data.ConditionExpression !== 'string') {
      validations.checkValidations(data, validation.types, validation.custom, store);
      return;
    }
    const { ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues, ...rest } = data;
    const key = JSON.stringify([ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues]);
    const condition = conditions.get(key);
    if (condition === undefined) {
      validations.checkValidations(data, validation.types, validation.custom, store);
      if (conditions.size >= MAX_CONDITIONS) conditions.clear();
      conditions.set(key, data._condition);
      return;
    }
    validations.checkValidations(rest, validation.types, validation.custom, store);
    data._condition = condition;
  };

  const parse = async (body: unknown): Promise<Action[]> => {
    const items = (body as { TransactItems?: unknown } | null)?.TransactItems;
    if (!Array.isArray(items)) {
      throw validationError(
        "1 validation error detected: Value null at 'transactItems' failed to satisfy constraint: Member must not be null",
      );
    }
    if (items.length < 1 || items.length > MAX_ACTIONS) {
      throw validationError(
        `1 validation error detected: Value '[${items.length} items]' at 'transactItems' failed to satisfy constraint: ` +
          (items.length < 1
            ? 'Member must have length greater than or equal to 1'
            : `Member must have length less than or equal to ${MAX_ACTIONS}`),
      );
    }
    const actions: Action[] = [];
    const seen = new Set<string>();
    let bytes = 0;
    for (const entry of items as Record<string, unknown>[]) {
      const kinds = Object.keys(entry ?? {}).filter((name) =>
        ['Put', 'Update', 'Delete', 'ConditionCheck'].includes(name),
      );
      if (kinds.length !== 1) {
        throw validationError('TransactItems can only contain one of Check, Put, Update or Delete');
      }
      const kind = kinds[0] as Kind | 'Update';
      if (kind === 'Update') {
        throw validationError(
          'the local TransactWriteItems takes Put, Delete and ConditionCheck, not Update',
        );
      }
      const { ReturnValuesOnConditionCheckFailure: returnValues, ...request } = entry[kind] as Record<
        string,
        unknown
      >;
      if (returnValues !== undefined && returnValues !== 'ALL_OLD' && returnValues !== 'NONE') {
        throw validationError(
          `1 validation error detected: Value '${String(returnValues)}' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, NONE]`,
        );
      }
      if (kind === 'ConditionCheck' && typeof request.ConditionExpression !== 'string') {
        throw validationError('A ConditionCheck needs a ConditionExpression');
      }
      const validation = kind === 'Put' ? putValidation : deleteValidation;
      const data = validations.checkTypes(request, validation.types) as Action['data'];
      validateAction(data, validation);
      const table = await call<Table>((callback) => store.getTable(data.TableName, callback));
      const item = (kind === 'Put' ? data.Item : data.Key) as AttributeMap;
      const invalid = kind === 'Put' ? db.validateItem(item, table) : db.validateKey(item, table);
      if (invalid) throw invalid;
      const key = db.createKey(item, table);
      const id = `${data.TableName}\u0000${key}`;
      if (seen.has(id))
        throw validationError('Transaction request cannot include multiple operations on one item');
      seen.add(id);
      if (kind === 'Put') bytes += db.itemSize(item);
      actions.push({ kind, data, table, key, returnOld: returnValues === 'ALL_OLD' });
    }
    if (bytes > MAX_TRANSACTION_BYTES) {
      throw validationError(
        'Collection size of items exceeded: the items of a transaction must not exceed 4 MB together',
      );
    }
    return actions;
  };

  /** Locks every item (in one order for all transactions), runs `work`, and releases them all. */
  const withLocks = async <T>(actions: readonly Action[], work: () => Promise<T>): Promise<T> => {
    const order = [...actions].sort((a, b) => {
      const left = `${a.data.TableName}\u0000${a.key}`;
      const right = `${b.data.TableName}\u0000${b.key}`;
      return left < right ? -1 : left > right ? 1 : 0;
    });
    const releases: (() => void)[] = [];
    try {
      for (const action of order) {
        const release = await new Promise<(done: () => void) => () => void>((resolve) =>
          store.getItemDb(action.data.TableName).lock(action.key, resolve),
        );
        releases.push(release(() => {}));
      }
      return await work();
    } finally {
      for (const release of releases.reverse()) release();
    }
  };

  const run = async (actions: Action[]): Promise<Record<string, unknown>> =>
    withLocks(actions, async () => {
      const existing = await Promise.all(
        actions.map((action) =>
          call<AttributeMap | undefined>((callback) =>
            store.getItemDb(action.data.TableName).get(action.key, (error, item) => {
              if (error && (error as { name?: string }).name !== 'NotFoundError') callback(error);
              else callback(null, error ? undefined : item);
            }),
          ),
        ),
      );
      const failed = actions.map((action, i) => db.checkConditional(action.data, existing[i]) != null);
      if (failed.some(Boolean)) {
        const reasons = actions.map((action, i) => {
          if (!failed[i]) return { Code: 'None' };
          const old = existing[i];
          return {
            Code: 'ConditionalCheckFailed',
            Message: 'The conditional request failed',
            ...(action.returnOld && old ? { Item: old } : {}),
          };
        });
        throw new ApiError(400, {
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
          CancellationReasons: reasons,
        });
      }
      for (const [i, action] of actions.entries()) {
        if (action.kind === 'ConditionCheck') continue;
        const itemDb = store.getItemDb(action.data.TableName);
        const item = action.kind === 'Put' ? (action.data.Item as AttributeMap) : null;
        await call<void>((callback) => db.updateIndexes(store, action.table, existing[i], item, callback));
        if (item) await call<void>((callback) => itemDb.put(action.key, item, callback));
        else await call<void>((callback) => itemDb.del(action.key, callback));
      }
      return {};
    });

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() || 'application/json';
    const send = (statusCode: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.statusCode = statusCode;
      res.setHeader(
        'x-amzn-RequestId',
        randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0'),
      );
      res.setHeader('x-amz-crc32', String(crc32(text)));
      res.setHeader('Content-Type', contentType);
      res.setHeader('Content-Length', Buffer.byteLength(text, 'utf8'));
      res.end(text);
    };
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        send(400, { __type: 'com.amazon.coral.service#SerializationException' });
        return;
      }
      send(200, await run(await parse(body)));
    } catch (error) {
      if (error instanceof ApiError || isApiError(error)) send(error.statusCode, error.body);
      else {
        send(500, {
          __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };
}
