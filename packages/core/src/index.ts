// @ramify-db/core: a synchronous, typed, reactive in-memory database.
export { Ramify } from './store';
export { RamifyError, isRamifyError, type BridgeErrorCode, type ErrorCode, type PersistenceErrorCode, type RamifyErrorCode } from './errors';
export { liveQuery } from './live';
export { deepEqual } from './frozen';
export type { BulkOptions, Collection, Collections, CollectionOf, Query, Store, StoreMembers, WhereClause } from './api';
export type {
  AnySchema,
  ChangeListener,
  ChangeType,
  ClauseJSON,
  Criteria,
  Doc,
  DocOf,
  IndexValue,
  JsonValue,
  Key,
  KeyOf,
  NestedKeyOf,
  Operator,
  OperandOf,
  PathOf,
  PathValue,
  PkOf,
  QueryJSON,
  Schema,
  StoreOptions,
  StoreSchema,
} from './types';
