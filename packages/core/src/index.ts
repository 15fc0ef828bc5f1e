/**
 * A synchronous, typed, reactive in-memory database: collections with a primary key, secondary, nested, multiEntry and compound indexes, fluent and JSON queries, bulk writes, transactions, change events and live queries.
 *
 * @packageDocumentation
 */
// @ramify-db/core: a synchronous, typed, reactive in-memory database.
export { Ramify } from './store';
export { RamifyError, isRamifyError, type BridgeErrorCode, type ErrorCode, type PersistenceErrorCode, type RamifyErrorCode } from './errors';
export { liveQuery } from './live';
export { deepEqual } from './frozen';
export type { BulkOptions, Collection, Collections, CollectionOf, CompoundWhereClause, Query, Store, StoreMembers, TuplePrefix, WhereClause } from './api';
export type {
  AnySchema,
  ChangeListener,
  ChangeType,
  ClauseJSON,
  ClauseJson,
  CompoundClauseJson,
  CompoundPath,
  Criteria,
  Doc,
  DocOf,
  IndexPath,
  IndexValue,
  JsonOf,
  JsonValue,
  Key,
  KeyOf,
  KeyPath,
  NestedKeyOf,
  Operator,
  OperandOf,
  PathOf,
  PathValue,
  PkOf,
  QueryJSON,
  QueryJson,
  Schema,
  StoreOptions,
  StoreSchema,
  TupleValues,
} from './types';
