import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { changedOne, insertedOne } from './row.js';

// Who froze changes, when and why (user text, stored as typed).
export type FreezeRecord = { by: string; since: string; reason: string };

export type FreezeStore = {
  get(): Promise<FreezeRecord | undefined>;
  /** false when already frozen (the first freeze stays in force, with its author). */
  set(freeze: FreezeRecord): Promise<boolean>;
  clear(): Promise<boolean>;
};

// The single freeze row: present means frozen.
export function createFreezeStore(db: Kysely<Database>): FreezeStore {
  return {
    async get() {
      const row = await db
        .selectFrom('freeze')
        .select(['frozen_by', 'since', 'reason'])
        .where('id', '=', 1)
        .executeTakeFirst();
      return row ? { by: row.frozen_by, since: row.since, reason: row.reason } : undefined;
    },
    async set(freeze) {
      const result = await db
        .insertInto('freeze')
        .values({ id: 1, frozen_by: freeze.by, since: freeze.since, reason: freeze.reason })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return insertedOne(result);
    },
    async clear() {
      return changedOne(await db.deleteFrom('freeze').where('id', '=', 1).executeTakeFirst());
    },
  };
}
