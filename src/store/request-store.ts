import type { Plan } from '../procedures/shared/plan.js';
import { parsePlan } from '../procedures/shared/plan-schema.js';
import type { Db } from './open-database.js';
import type { RequestRecord, RequestStatus } from './records.js';
import { type Row, text } from './row.js';

// A stored plan that no longer reads as a plan (a hand-edited row, a bug in an older version) is
// refused where it is read, naming the request, rather than failing later half-way through a use case.
export class StoredPlanError extends Error {
  readonly requestId: string;
  constructor(requestId: string, detail: string) {
    super(
      `The stored plan of request ${requestId} is not a valid plan (${detail}); nothing was done with it.`,
    );
    this.name = 'StoredPlanError';
    this.requestId = requestId;
  }
}

function storedPlan(requestId: string, json: string): Plan {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new StoredPlanError(requestId, 'not JSON');
  }
  const parsed = parsePlan(value);
  if (!parsed.ok) throw new StoredPlanError(requestId, parsed.error);
  return parsed.plan;
}

function toRecord(row: Row): RequestRecord {
  return {
    id: String(row.id),
    procedure: String(row.procedure),
    params: JSON.parse(String(row.params)),
    plan: storedPlan(String(row.id), String(row.plan)),
    planFingerprint: String(row.plan_fingerprint),
    cluster: text(row.cluster),
    requester: String(row.requester),
    reason: String(row.reason),
    channel: String(row.channel),
    cardTs: text(row.card_ts),
    status: row.status as RequestStatus,
    approvalsNeeded: Number(row.approvals_needed),
    dryRun: row.dry_run === 1,
    createdAt: String(row.created_at),
    expiresAt: String(row.expires_at),
    decidedAt: text(row.decided_at),
    decidedBy: text(row.decided_by),
    outcome: text(row.outcome),
    resumesRun: text(row.resumes_run),
  };
}

export type NewRequest = Omit<RequestRecord, 'status' | 'cardTs' | 'decidedAt' | 'decidedBy' | 'outcome'>;
// A resume is approved as it is made: it has its card already, who decided and the run it continues.
export type NewResume = Omit<NewRequest, 'expiresAt' | 'resumesRun'> & {
  cardTs: string | null;
  decidedBy: string;
  resumesRun: string;
};

// JSON columns as written: parsed back by toRecord.
function toRow(request: NewRequest | NewResume) {
  return {
    ...request,
    params: JSON.stringify(request.params),
    plan: JSON.stringify(request.plan),
    dryRun: request.dryRun ? 1 : 0,
  };
}

export function createRequestStore(db: Db) {
  // Each query that returns requests, prepared once, parsing every row it returns (plan included).
  const many = <P extends unknown[] = []>(sql: string) => {
    const statement = db.prepare(sql);
    return (...params: P): RequestRecord[] => (statement.all(...params) as Row[]).map(toRecord);
  };
  const one = <P extends unknown[]>(sql: string) => {
    const statement = db.prepare(sql);
    return (...params: P): RequestRecord | undefined => {
      const row = statement.get(...params) as Row | undefined;
      return row ? toRecord(row) : undefined;
    };
  };
  // Each statement that changes requests: whether it changed one.
  const change = (sql: string) => {
    const statement = db.prepare(sql);
    return (...params: unknown[]): boolean => statement.run(...params).changes === 1;
  };

  const insert = change(`
    INSERT INTO requests (id, procedure, params, plan, plan_fingerprint, cluster, requester, reason, channel,
      status, approvals_needed, dry_run, created_at, expires_at)
    VALUES (@id, @procedure, @params, @plan, @planFingerprint, @cluster, @requester, @reason, @channel,
      'pending', @approvalsNeeded, @dryRun, @createdAt, @expiresAt)`);
  // A resume is claimed as it is created: approved by the one who clicked, never pending.
  const insertResume = change(`
    INSERT INTO requests (id, procedure, params, plan, plan_fingerprint, cluster, requester, reason, channel,
      card_ts, status, approvals_needed, dry_run, created_at, expires_at, decided_at, decided_by, resumes_run)
    VALUES (@id, @procedure, @params, @plan, @planFingerprint, @cluster, @requester, @reason, @channel,
      @cardTs, 'approved', @approvalsNeeded, @dryRun, @createdAt, @createdAt, @createdAt, @decidedBy, @resumesRun)`);
  // The conditional update is the claim: of any number of concurrent approvals exactly one changes the row.
  const claim = change(`
    UPDATE requests SET status = @to, decided_at = @at, decided_by = @actor
    WHERE id = @id AND status = 'pending' AND expires_at > @at`);
  const transition = change(
    'UPDATE requests SET status = @to, outcome = COALESCE(@outcome, outcome) WHERE id = @id AND status = @from',
  );
  const setCard = change('UPDATE requests SET card_ts = ? WHERE id = ?');
  const setResumePlan = change(
    "UPDATE requests SET plan = ? WHERE id = ? AND resumes_run IS NOT NULL AND status = 'approved'",
  );

  return {
    insertResume(request: NewResume): void {
      insertResume(toRow(request));
    },
    // A resume runs the rest of the plan, as re-planned once claimed: what its run, a Cancel and a
    // later resume read.
    setResumePlan(id: string, plan: Plan): boolean {
      return setResumePlan(JSON.stringify(plan), id);
    },
    // The request that resumed this run, if any. A resume refused at its re-plan (Omni unreadable,
    // the plan changed) does not count: Resume can be clicked again.
    resumeOf: one<[runId: string]>(
      "SELECT * FROM requests WHERE resumes_run = ? AND status != 'refused' ORDER BY created_at DESC LIMIT 1",
    ),
    // Interrupted requests may be resumed: their template snapshots are kept.
    interrupted: many("SELECT * FROM requests WHERE status = 'interrupted'"),
    insert(request: NewRequest): void {
      insert(toRow(request));
    },
    get: one<[id: string]>('SELECT * FROM requests WHERE id = ?'),
    // Inside a transaction: the request, held until the transaction ends, so that concurrent
    // approvals of one request (on any replica) decide one after the other. SQLite's transaction
    // already holds the whole database.
    getForUpdate: one<[id: string]>('SELECT * FROM requests WHERE id = ?'),
    claim(id: string, to: 'approved' | 'rejected', actor: string, at: string): boolean {
      return claim({ id, to, actor, at });
    },
    transition(id: string, from: RequestStatus, to: RequestStatus, outcome?: string): boolean {
      return transition({ id, from, to, outcome: outcome ?? null });
    },
    setCardTs(id: string, ts: string): void {
      setCard(ts, id);
    },
    expiring: many<[at: string]>("SELECT * FROM requests WHERE status = 'pending' AND expires_at <= ?"),
    pending: many("SELECT * FROM requests WHERE status = 'pending' ORDER BY created_at"),
    // Requests that may still run: what they run from must stay.
    open: many(
      "SELECT * FROM requests WHERE status IN ('pending', 'approved', 'running') ORDER BY created_at",
    ),
    recent: many<[limit: number]>('SELECT * FROM requests ORDER BY created_at DESC, rowid DESC LIMIT ?'),
  };
}

export type RequestStore = ReturnType<typeof createRequestStore>;
