import type { Db } from './open-database.js';
import type { RunRecord, RunStatus, StepRecord, StepStatus } from './records.js';
import { type Row, text } from './row.js';

function toRun(row: Row): RunRecord {
  return {
    id: String(row.id),
    requestId: String(row.request_id),
    cluster: text(row.cluster),
    status: row.status as RunStatus,
    channel: String(row.channel),
    threadTs: text(row.thread_ts),
    statusTs: text(row.status_ts),
    startedAt: String(row.started_at),
    finishedAt: text(row.finished_at),
    summary: text(row.summary),
  };
}

function toStep(row: Row): StepRecord {
  return {
    runId: String(row.run_id),
    idx: Number(row.idx),
    title: String(row.title),
    command: String(row.command),
    status: row.status as StepStatus,
    exitCode: row.exit_code === null ? null : Number(row.exit_code),
    startedAt: text(row.started_at),
    finishedAt: text(row.finished_at),
    outputTail: text(row.output_tail),
    deadline: text(row.deadline),
  };
}

export function createRunStore(db: Db) {
  const insertRun = db.prepare(`
    INSERT INTO runs (id, request_id, cluster, status, channel, thread_ts, started_at)
    VALUES (@id, @requestId, @cluster, 'starting', @channel, @threadTs, @startedAt)`);
  // started_at moves to when the steps begin: the time spent re-planning is not the run's.
  const start = db.prepare(
    "UPDATE runs SET status = 'running', started_at = @at WHERE id = @id AND status = 'starting'",
  );
  const closeUnstarted = db.prepare(`
    UPDATE runs SET status = @status, finished_at = @at, summary = @summary WHERE id = @id AND status = 'starting'`);
  const starting = db.prepare("SELECT * FROM runs WHERE status = 'starting'");
  const byId = db.prepare('SELECT * FROM runs WHERE id = ?');
  const byRequest = db.prepare('SELECT * FROM runs WHERE request_id = ?');
  const running = db.prepare("SELECT * FROM runs WHERE status = 'running'");
  const finish = db.prepare(`
    UPDATE runs SET status = @status, finished_at = @at, summary = @summary WHERE id = @id AND status = 'running'`);
  const setStatusTs = db.prepare('UPDATE runs SET status_ts = ? WHERE id = ?');
  const startStep = db.prepare(`
    INSERT INTO steps (run_id, idx, title, command, status, started_at, deadline)
    VALUES (@runId, @idx, @title, @command, 'running', @at, @deadline)`);
  const endStep = db.prepare(`
    UPDATE steps SET status = @status, exit_code = @exitCode, finished_at = @at, output_tail = @outputTail
    WHERE run_id = @runId AND idx = @idx`);
  const steps = db.prepare('SELECT * FROM steps WHERE run_id = ? ORDER BY idx');
  const interruptSteps = db.prepare(
    "UPDATE steps SET status = 'interrupted', finished_at = ? WHERE run_id = ? AND status = 'running'",
  );

  return {
    // A run is created `starting`, with the claim of its request; `start` or `closeUnstarted` ends that.
    insert(run: {
      id: string;
      requestId: string;
      cluster: string | null;
      channel: string;
      threadTs: string | null;
      startedAt: string;
    }): void {
      insertRun.run(run);
    },
    get(id: string): RunRecord | undefined {
      const row = byId.get(id) as Row | undefined;
      return row ? toRun(row) : undefined;
    },
    forRequest(requestId: string): RunRecord | undefined {
      const row = byRequest.get(requestId) as Row | undefined;
      return row ? toRun(row) : undefined;
    },
    start(id: string, at: string): boolean {
      return start.run({ id, at }).changes === 1;
    },
    // A run that never reached its first step: refused at approval, or its bot stopped before.
    closeUnstarted(id: string, status: 'refused' | 'interrupted', at: string, summary: string): boolean {
      return closeUnstarted.run({ id, status, at, summary }).changes === 1;
    },
    running(): RunRecord[] {
      return (running.all() as Row[]).map(toRun);
    },
    starting(): RunRecord[] {
      return (starting.all() as Row[]).map(toRun);
    },
    finish(
      id: string,
      status: Exclude<RunStatus, 'starting' | 'running' | 'refused'>,
      at: string,
      summary: string,
    ): boolean {
      return finish.run({ id, status, at, summary }).changes === 1;
    },
    setStatusTs(id: string, ts: string): void {
      setStatusTs.run(ts, id);
    },
    startStep(step: {
      runId: string;
      idx: number;
      title: string;
      command: string;
      at: string;
      deadline?: string;
    }): void {
      startStep.run({ ...step, deadline: step.deadline ?? null });
    },
    endStep(step: {
      runId: string;
      idx: number;
      status: StepStatus;
      exitCode: number | null;
      at: string;
      outputTail: string | null;
    }): void {
      endStep.run(step);
    },
    steps(runId: string): StepRecord[] {
      return (steps.all(runId) as Row[]).map(toStep);
    },
    interruptSteps(runId: string, at: string): void {
      interruptSteps.run(at, runId);
    },
  };
}

export type RunStore = ReturnType<typeof createRunStore>;
