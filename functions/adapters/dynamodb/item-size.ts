/** DynamoDB refuses an item over 400 KB (attribute names and values together). */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

/**
 * The largest item ingest writes: a tenth under DynamoDB's limit, so the estimate below (which rounds every
 * number and list up) can never let through an item DynamoDB would refuse mid-batch.
 */
export const MAX_ITEM_BYTES = 360 * 1024;

/**
 * The size of an item as DynamoDB counts it, rounded up: UTF-8 bytes of each attribute name and string,
 * about one byte per two significant digits of a number plus one, one byte for a boolean or null, three
 * bytes for a list or map plus one per element (and each map key's name). Undefined values are left out,
 * as the document client is told to (`removeUndefinedValues`).
 *
 * @example itemSizeBytes({ orderId: 'A1', net: 12050 }) // 7 + 2 + 3 + 3 = 15
 */
export function itemSizeBytes(item: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += Buffer.byteLength(name, 'utf8') + valueSize(value);
  }
  return size;
}

function valueSize(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number' || typeof value === 'bigint') {
    const digits = String(value)
      .replace(/[-+.]|e.*$/gi, '')
      .replace(/^0+|0+$/g, '').length;
    return Math.ceil(Math.max(digits, 1) / 2) + 1;
  }
  if (typeof value === 'boolean' || value === null) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value) || value instanceof Set) {
    let size = 3;
    for (const element of value) if (element !== undefined) size += 1 + valueSize(element);
    return size;
  }
  if (typeof value === 'object') {
    let size = 3;
    for (const [key, element] of Object.entries(value as Record<string, unknown>)) {
      if (element !== undefined) size += 1 + Buffer.byteLength(key, 'utf8') + valueSize(element);
    }
    return size;
  }
  return 0;
}
