// Checks persist()'s options up front: a typo must fail loudly before anything is opened.
import { invalidOption } from './errors';
import type { Durability, ErrorInfo, Layout, PersistOptions, UpgradeHook } from './types';

export interface Settings {
  name: string;
  version: number | undefined;
  upgrade: UpgradeHook | undefined;
  layout: Layout;
  durability: Durability;
  onError: (error: unknown, info: ErrorInfo) => void;
  onProgress: ((loaded: number, total: number) => void) | undefined;
  factory: IDBFactory;
}

const LAYOUTS: readonly string[] = ['chunks', 'records'];
const DURABILITIES: readonly string[] = ['strict', 'relaxed', 'default'];

export function readOptions(options: PersistOptions): Settings {
  if (options === null || typeof options !== 'object') throw invalidOption('options', options, 'an object');
  const { name, version, upgrade, layout = 'chunks', durability = 'strict', onError, onProgress } = options;
  if (typeof name !== 'string' || name === '') throw invalidOption('name', name, 'a non-empty string');
  if (version !== undefined && !(Number.isSafeInteger(version) && version >= 1)) throw invalidOption('version', version, 'an integer ≥ 1');
  if (!LAYOUTS.includes(layout)) throw invalidOption('layout', layout, '"chunks" or "records"');
  if (!DURABILITIES.includes(durability)) throw invalidOption('durability', durability, '"strict", "relaxed" or "default"');
  for (const [key, fn] of [['upgrade', upgrade], ['onError', onError], ['onProgress', onProgress]] as const) {
    if (fn !== undefined && typeof fn !== 'function') throw invalidOption(key, fn, 'a function');
  }
  const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined || typeof factory.open !== 'function') {
    throw invalidOption('indexedDB', factory, 'an IDBFactory (none is available in this environment)');
  }
  return {
    name,
    version,
    upgrade,
    layout,
    durability,
    onError: onError ?? ((error) => console.error(error)),
    onProgress,
    factory,
  };
}
