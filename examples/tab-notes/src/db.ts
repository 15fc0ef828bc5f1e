// The pages' view of the background's store: every call a Promise, live results over a port.
import { connect } from '@ramify-db/bridge';
import type { NotesSchema } from './schema';

export const db = connect<NotesSchema>();
