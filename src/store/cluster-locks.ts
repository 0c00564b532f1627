import type { Db } from './open-database.js';

export type LockHolder = { cluster: string; runId: string; holder: string; acquiredAt: string };
export type LockAttempt = { acquired: true } | { acquired: false; heldBy: LockHolder };

export function createClusterLocks(db: Db) {
  const insert = db.prepare(
    'INSERT INTO locks (cluster, run_id, holder, acquired_at) VALUES (@cluster, @runId, @holder, @at) ON CONFLICT (cluster) DO NOTHING',
  );
  const get = db.prepare('SELECT cluster, run_id, holder, acquired_at FROM locks WHERE cluster = ?');
  const release = db.prepare('DELETE FROM locks WHERE cluster = ? AND run_id = ?');
  const releaseRun = db.prepare('DELETE FROM locks WHERE run_id = ?');
  const all = db.prepare('SELECT cluster, run_id, holder, acquired_at FROM locks ORDER BY acquired_at');
  return {
    acquire(cluster: string, runId: string, holder: string, at: string): LockAttempt {
      if (insert.run({ cluster, runId, holder, at }).changes === 1) return { acquired: true };
      const row = get.get(cluster) as Record<string, string> | undefined;
      if (!row) return this.acquire(cluster, runId, holder, at);
      return {
        acquired: false,
        heldBy: {
          cluster,
          runId: String(row.run_id),
          holder: String(row.holder),
          acquiredAt: String(row.acquired_at),
        },
      };
    },
    release(cluster: string, runId: string): void {
      release.run(cluster, runId);
    },
    releaseRun(runId: string): void {
      releaseRun.run(runId);
    },
    all(): LockHolder[] {
      return (all.all() as Record<string, string>[]).map((row) => ({
        cluster: String(row.cluster),
        runId: String(row.run_id),
        holder: String(row.holder),
        acquiredAt: String(row.acquired_at),
      }));
    },
  };
}

export type ClusterLocks = ReturnType<typeof createClusterLocks>;
