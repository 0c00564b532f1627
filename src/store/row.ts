import { sql } from 'kysely';
import type { Engine } from './connect-database.js';

// Helpers every store uses to read what a statement did.

/** Whether an update, delete or insert changed exactly one row (Kysely counts in bigint). */
export const changedOne = (result: { numUpdatedRows?: bigint; numDeletedRows?: bigint }): boolean =>
  (result.numUpdatedRows ?? result.numDeletedRows) === 1n;

export const insertedOne = (result: { numInsertedOrUpdatedRows?: bigint }): boolean =>
  result.numInsertedOrUpdatedRows === 1n;

// Insertion order of requests, for ties of created_at (one clock tick): SQLite's rowid,
// PostgreSQL's `seq` identity column (migration 7). The one place the two differ by name.
export const requestInsertionOrder = (engine: Engine) => (engine === 'sqlite' ? sql`rowid` : sql`seq`);
