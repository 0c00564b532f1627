import type { Db } from './open-database.js';

// When a procedure last ran to the end, e.g. for a restart cooldown.
export function createLatestRun(db: Db) {
  const latest = db.prepare(`
    SELECT runs.finished_at AS at FROM runs JOIN requests ON requests.id = runs.request_id
    WHERE requests.procedure = ? AND runs.status IN ('succeeded', 'failed') AND requests.dry_run = 0
    ORDER BY runs.finished_at DESC LIMIT 1`);
  return {
    finishedAt(procedure: string): string | undefined {
      const row = latest.get(procedure) as { at: string | null } | undefined;
      return row?.at ?? undefined;
    },
  };
}
