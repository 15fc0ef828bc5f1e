// The popup's handle on the reading list: a remote store in the background, reached over the bridge.
import { connect } from '@ramify-db/bridge';
import type { AppSchema } from '../app/schema';

export const db = connect<AppSchema>();
export type RemoteDb = typeof db;
