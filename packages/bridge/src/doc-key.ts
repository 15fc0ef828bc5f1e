// The fields of a collection's primary key, and a document's key read from them, to match a
// document to its earlier version in a live result (the background's deltas, the page's snapshots).

/** What a collection's `primaryKey` is: a field, or the fields of a compound key. */
export type PrimaryKey = string | readonly string[];

/** The fields a key is read from, in order: the primary key field, or a compound key's fields. */
export function keyFieldsOf(primaryKey: PrimaryKey): string[] {
  return typeof primaryKey === 'string' ? [primaryKey] : [...primaryKey];
}

/**
 * A document's key as one value that is `===` another document's exactly when their keys are equal:
 * the field's value, or the JSON of a compound key's fields (strings and finite numbers, so `1`
 * and `'1'` stay apart).
 */
export function keyIdentity(fields: readonly string[]): (doc: Record<string, unknown>) => unknown {
  if (fields.length === 1) {
    const [field] = fields;
    return (doc) => doc[field];
  }
  return (doc) => JSON.stringify(doc, fields as string[]);
}
