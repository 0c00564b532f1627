import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { insertedOne } from './row.js';

export type LockHolder = { cluster: string; runId: string; holder: string; acquiredAt: string };
export type LockAttempt = { acquired: true } | { acquired: false; heldBy: LockHolder };

export type ClusterLocks = {
  acquire(cluster: string, runId: string, holder: string, at: string): Promise<LockAttempt>;
  release(cluster: string, runId: string): Promise<void>;
  releaseRun(runId: string): Promise<void>;
  all(): Promise<LockHolder[]>;
};

const toHolder = (row: { cluster: string; run_id: string; holder: string; acquired_at: string }) => ({
  cluster: row.cluster,
  runId: row.run_id,
  holder: row.holder,
  acquiredAt: row.acquired_at,
});

export function createClusterLocks(db: Kysely<Database>): ClusterLocks {
  const locks = () => db.selectFrom('locks').select(['cluster', 'run_id', 'holder', 'acquired_at']);
  const acquire = async (
    cluster: string,
    runId: string,
    holder: string,
    at: string,
  ): Promise<LockAttempt> => {
    // The insert is the lock: of any number of concurrent attempts (on any replica) exactly one lands.
    const result = await db
      .insertInto('locks')
      .values({ cluster, run_id: runId, holder, acquired_at: at })
      .onConflict((oc) => oc.column('cluster').doNothing())
      .executeTakeFirst();
    if (insertedOne(result)) return { acquired: true };
    const row = await locks().where('cluster', '=', cluster).executeTakeFirst();
    // Released between the insert and the read: try again.
    if (!row) return acquire(cluster, runId, holder, at);
    return { acquired: false, heldBy: toHolder(row) };
  };
  return {
    acquire,
    async release(cluster, runId) {
      await db.deleteFrom('locks').where('cluster', '=', cluster).where('run_id', '=', runId).execute();
    },
    async releaseRun(runId) {
      await db.deleteFrom('locks').where('run_id', '=', runId).execute();
    },
    all: async () => (await locks().orderBy('acquired_at').execute()).map(toHolder),
  };
}
