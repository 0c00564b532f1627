import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';

export type LatestRun = {
  finishedAt(procedure: string): Promise<string | undefined>;
  latest(procedure: string): Promise<{ at: string; running: boolean } | undefined>;
};

// When a procedure last ran, e.g. for a restart cooldown: a finished run by when it ended, one
// still running by when it began, since it is a restart too. A `starting` run is not counted: it is
// the one whose approval is being re-planned (and any other holds the lock that refuses this one).
export function createLatestRun(db: Kysely<Database>): LatestRun {
  const ofProcedure = (procedure: string) =>
    db
      .selectFrom('runs')
      .innerJoin('requests', 'requests.id', 'runs.request_id')
      .where('requests.procedure', '=', procedure)
      .where('requests.dry_run', '=', 0);
  const finishedAt = async (procedure: string) => {
    const row = await ofProcedure(procedure)
      .select('runs.finished_at as at')
      .where('runs.status', 'in', ['succeeded', 'failed'])
      .orderBy('runs.finished_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.at ?? undefined;
  };
  return {
    finishedAt,
    // The latest run of the procedure, whether it has finished or not.
    async latest(procedure) {
      const running = await ofProcedure(procedure)
        .select('runs.started_at as at')
        .where('runs.status', '=', 'running')
        .orderBy('runs.started_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (running) return { at: running.at, running: true };
      const at = await finishedAt(procedure);
      return at === undefined ? undefined : { at, running: false };
    },
  };
}
