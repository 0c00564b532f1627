import type { Kysely, Selectable, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Database, RunsTable, StepsTable } from './database-schema.js';
import type { RunRecord, RunStatus, StepRecord, StepStatus } from './records.js';
import { changedOne } from './row.js';

function toRun(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    requestId: row.request_id,
    cluster: row.cluster,
    status: row.status as RunStatus,
    channel: row.channel,
    threadTs: row.thread_ts,
    statusTs: row.status_ts,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    summary: row.summary,
    owner: row.owner,
    heartbeatAt: row.heartbeat_at,
    cancelRequested: cancelOf(row),
  };
}

const cancelOf = (row: Pick<RunsTable, 'cancel_requested_by' | 'cancel_requested_at'>) =>
  row.cancel_requested_by !== null && row.cancel_requested_at !== null
    ? { by: row.cancel_requested_by, at: row.cancel_requested_at }
    : null;

function toStep(row: Selectable<StepsTable>): StepRecord {
  return {
    runId: row.run_id,
    idx: Number(row.idx),
    title: row.title,
    command: row.command,
    status: row.status as StepStatus,
    exitCode: row.exit_code === null ? null : Number(row.exit_code),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outputTail: row.output_tail,
    deadline: row.deadline,
  };
}

export type NewRun = {
  id: string;
  requestId: string;
  cluster: string | null;
  channel: string;
  threadTs: string | null;
  startedAt: string;
  /** The replica that runs it (issue #16); its heartbeat starts at startedAt. */
  owner?: string;
};

/**
 * What a conditional close also asks of the run's row (issue #16): that it is still owned by that
 * replica (null: by none, a row from before migration 7) and, when given, that its last heartbeat
 * is older than `heartbeatBefore` (its owner is presumed dead). Of two replicas closing the same
 * run, the one whose update finds the row as it expects wins; the other changes nothing.
 */
export type RunCondition = { owner?: string | null; heartbeatBefore?: string };

export type RunStore = {
  insert(run: NewRun): Promise<void>;
  get(id: string): Promise<RunRecord | undefined>;
  forRequest(requestId: string): Promise<RunRecord | undefined>;
  start(id: string, at: string): Promise<boolean>;
  closeUnstarted(
    id: string,
    status: 'refused' | 'interrupted',
    at: string,
    summary: string,
    only?: RunCondition,
  ): Promise<boolean>;
  running(): Promise<RunRecord[]>;
  starting(): Promise<RunRecord[]>;
  finish(
    id: string,
    status: Exclude<RunStatus, 'starting' | 'running' | 'refused'>,
    at: string,
    summary: string,
    only?: RunCondition,
  ): Promise<boolean>;
  setStatusTs(id: string, ts: string): Promise<void>;
  startStep(step: {
    runId: string;
    idx: number;
    title: string;
    command: string;
    at: string;
    deadline?: string;
  }): Promise<void>;
  endStep(step: {
    runId: string;
    idx: number;
    status: StepStatus;
    exitCode: number | null;
    at: string;
    outputTail: string | null;
  }): Promise<void>;
  steps(runId: string): Promise<StepRecord[]>;
  interruptSteps(runId: string, at: string): Promise<void>;
  /**
   * The owner's heartbeat: null when it no longer owns a live run of that id (another replica took
   * it over, or it ended), else whether someone asked, from any replica, to cancel it.
   */
  heartbeat(
    runId: string,
    owner: string,
    at: string,
  ): Promise<{ cancelRequested: { by: string; at: string } | null } | null>;
  /** Asks the run's owner to cancel it; false when the run is not starting or running. The first ask stays. */
  requestCancel(runId: string, by: string, at: string): Promise<boolean>;
  /** Live runs whose owner's last heartbeat is older than `before`: their replica is presumed dead. */
  stale(before: string): Promise<RunRecord[]>;
  /** Live runs of that replica. */
  owned(owner: string): Promise<RunRecord[]>;
};

const LIVE = ['starting', 'running'];

// Narrows an update of one run to the row `only` describes.
function matching<Q extends WhereRunsQuery>(query: Q, only: RunCondition | undefined): Q {
  let q = query;
  if (only?.owner === null) q = q.where('owner', 'is', null) as Q;
  else if (only?.owner !== undefined) q = q.where('owner', '=', only.owner) as Q;
  if (only?.heartbeatBefore !== undefined) q = q.where('heartbeat_at', '<', only.heartbeatBefore) as Q;
  return q;
}

type WhereRunsQuery = UpdateQueryBuilder<Database, 'runs', 'runs', UpdateResult>;

export function createRunStore(db: Kysely<Database>): RunStore {
  const runs = () => db.selectFrom('runs').selectAll();
  // Ends a run that is still `from` (and, with `only`, still the row it describes): whether it did.
  async function close(
    from: 'starting' | 'running',
    id: string,
    status: RunStatus,
    at: string,
    summary: string,
    only: RunCondition | undefined,
  ): Promise<boolean> {
    const result = await matching(
      db
        .updateTable('runs')
        .set({ status, finished_at: at, summary })
        .where('id', '=', id)
        .where('status', '=', from),
      only,
    ).executeTakeFirst();
    return changedOne(result);
  }
  return {
    // A run is created `starting`, with the claim of its request; `start` or `closeUnstarted` ends that.
    async insert(run) {
      await db
        .insertInto('runs')
        .values({
          id: run.id,
          request_id: run.requestId,
          cluster: run.cluster,
          status: 'starting',
          channel: run.channel,
          thread_ts: run.threadTs,
          status_ts: null,
          started_at: run.startedAt,
          finished_at: null,
          summary: null,
          owner: run.owner ?? null,
          heartbeat_at: run.owner === undefined ? null : run.startedAt,
          cancel_requested_by: null,
          cancel_requested_at: null,
        })
        .execute();
    },
    async get(id) {
      const row = await runs().where('id', '=', id).executeTakeFirst();
      return row ? toRun(row) : undefined;
    },
    async forRequest(requestId) {
      const row = await runs().where('request_id', '=', requestId).executeTakeFirst();
      return row ? toRun(row) : undefined;
    },
    // started_at moves to when the steps begin: the time spent re-planning is not the run's.
    async start(id, at) {
      const result = await db
        .updateTable('runs')
        .set({ status: 'running', started_at: at })
        .where('id', '=', id)
        .where('status', '=', 'starting')
        .executeTakeFirst();
      return changedOne(result);
    },
    // A run that never reached its first step: refused at approval, or its bot stopped before.
    closeUnstarted: (id, status, at, summary, only) => close('starting', id, status, at, summary, only),
    running: async () => (await runs().where('status', '=', 'running').execute()).map(toRun),
    starting: async () => (await runs().where('status', '=', 'starting').execute()).map(toRun),
    finish: (id, status, at, summary, only) => close('running', id, status, at, summary, only),
    async setStatusTs(id, ts) {
      await db.updateTable('runs').set({ status_ts: ts }).where('id', '=', id).execute();
    },
    async startStep(step) {
      await db
        .insertInto('steps')
        .values({
          run_id: step.runId,
          idx: step.idx,
          title: step.title,
          command: step.command,
          status: 'running',
          exit_code: null,
          started_at: step.at,
          finished_at: null,
          output_tail: null,
          deadline: step.deadline ?? null,
        })
        .execute();
    },
    async endStep(step) {
      await db
        .updateTable('steps')
        .set({
          status: step.status,
          exit_code: step.exitCode,
          finished_at: step.at,
          output_tail: step.outputTail,
        })
        .where('run_id', '=', step.runId)
        .where('idx', '=', step.idx)
        // Once: a step another replica marked interrupted (it took the run over) keeps that.
        .where('status', '=', 'running')
        .execute();
    },
    steps: async (runId) =>
      (await db.selectFrom('steps').selectAll().where('run_id', '=', runId).orderBy('idx').execute()).map(
        toStep,
      ),
    async interruptSteps(runId, at) {
      await db
        .updateTable('steps')
        .set({ status: 'interrupted', finished_at: at })
        .where('run_id', '=', runId)
        .where('status', '=', 'running')
        .execute();
    },
    // One statement: the owner check and the heartbeat cannot be split by a takeover in between.
    async heartbeat(runId, owner, at) {
      const row = await db
        .updateTable('runs')
        .set({ heartbeat_at: at })
        .where('id', '=', runId)
        .where('owner', '=', owner)
        .where('status', 'in', LIVE)
        .returning(['cancel_requested_by', 'cancel_requested_at'])
        .executeTakeFirst();
      return row ? { cancelRequested: cancelOf(row) } : null;
    },
    async requestCancel(runId, by, at) {
      const result = await db
        .updateTable('runs')
        .set((eb) => ({
          cancel_requested_by: eb.fn.coalesce('cancel_requested_by', eb.val(by)),
          cancel_requested_at: eb.fn.coalesce('cancel_requested_at', eb.val(at)),
        }))
        .where('id', '=', runId)
        .where('status', 'in', LIVE)
        .executeTakeFirst();
      return changedOne(result);
    },
    stale: async (before) =>
      (
        await runs()
          .where('status', 'in', LIVE)
          .where('owner', 'is not', null)
          .where('heartbeat_at', '<', before)
          .orderBy('heartbeat_at')
          .execute()
      ).map(toRun),
    owned: async (owner) =>
      (
        await runs().where('status', 'in', LIVE).where('owner', '=', owner).orderBy('started_at').execute()
      ).map(toRun),
  };
}
