import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { insertedOne } from './row.js';

export type Lease = { name: string; holder: string; expiresAt: string; acquiredAt: string };

export type LeaseStore = {
  /**
   * Takes the lease `name` for `holder` until `until`, if it is free, expired (expires_at <= at) or
   * already this holder's (then it is renewed, keeping when it was first acquired). One statement,
   * so of two replicas asking at once exactly one holds it.
   */
  acquire(name: string, holder: string, at: string, until: string): Promise<boolean>;
  /** Lets go of it, if this holder still holds it. */
  release(name: string, holder: string): Promise<void>;
  get(name: string): Promise<Lease | undefined>;
};

// Named leases for work one replica does at a time (issue #16: the watcher).
export function createLeaseStore(db: Kysely<Database>): LeaseStore {
  return {
    async acquire(name, holder, at, until) {
      const result = await db
        .insertInto('leases')
        .values({ name, holder, expires_at: until, acquired_at: at })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet((eb) => ({
              holder: eb.ref('excluded.holder'),
              expires_at: eb.ref('excluded.expires_at'),
              acquired_at: eb
                .case()
                .when('leases.holder', '=', eb.ref('excluded.holder'))
                .then(eb.ref('leases.acquired_at'))
                .else(eb.ref('excluded.acquired_at'))
                .end(),
            }))
            .where((eb) => eb.or([eb('leases.expires_at', '<=', at), eb('leases.holder', '=', holder)])),
        )
        .executeTakeFirst();
      return insertedOne(result);
    },
    async release(name, holder) {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
    async get(name) {
      const row = await db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
      return row
        ? { name: row.name, holder: row.holder, expiresAt: row.expires_at, acquiredAt: row.acquired_at }
        : undefined;
    },
  };
}
