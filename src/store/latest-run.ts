import type { Db } from './open-database.js';

// When a procedure last ran, e.g. for a restart cooldown: a finished run by when it ended, one
// still running by when it began, since it is a restart too. A `starting` run is not counted: it is
// the one whose approval is being re-planned (and any other holds the lock that refuses this one).
export function createLatestRun(db: Db) {
  const latest = db.prepare(`
    SELECT runs.finished_at AS at FROM runs JOIN requests ON requests.id = runs.request_id
    WHERE requests.procedure = ? AND runs.status IN ('succeeded', 'failed') AND requests.dry_run = 0
    ORDER BY runs.finished_at DESC LIMIT 1`);
  const current = db.prepare(`
    SELECT runs.started_at AS at FROM runs JOIN requests ON requests.id = runs.request_id
    WHERE requests.procedure = ? AND runs.status = 'running' AND requests.dry_run = 0
    ORDER BY runs.started_at DESC LIMIT 1`);
  return {
    finishedAt(procedure: string): string | undefined {
      const row = latest.get(procedure) as { at: string | null } | undefined;
      return row?.at ?? undefined;
    },
    // The latest run of the procedure, whether it has finished or not.
    latest(procedure: string): { at: string; running: boolean } | undefined {
      const running = current.get(procedure) as { at: string } | undefined;
      if (running) return { at: running.at, running: true };
      const at = this.finishedAt(procedure);
      return at === undefined ? undefined : { at, running: false };
    },
  };
}
