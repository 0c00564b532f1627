import type { Kysely, Selectable } from 'kysely';
import type { Plan } from '../procedures/shared/plan.js';
import { parsePlan } from '../procedures/shared/plan-schema.js';
import type { Engine } from './connect-database.js';
import type { Database, RequestsTable } from './database-schema.js';
import type { RequestRecord, RequestStatus } from './records.js';
import { changedOne, requestInsertionOrder } from './row.js';

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

function toRecord(row: Selectable<RequestsTable>): RequestRecord {
  return {
    id: row.id,
    procedure: row.procedure,
    params: JSON.parse(row.params),
    plan: storedPlan(row.id, row.plan),
    planFingerprint: row.plan_fingerprint,
    cluster: row.cluster,
    requester: row.requester,
    reason: row.reason,
    channel: row.channel,
    cardTs: row.card_ts,
    status: row.status as RequestStatus,
    approvalsNeeded: Number(row.approvals_needed),
    dryRun: Number(row.dry_run) === 1,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    outcome: row.outcome,
    resumesRun: row.resumes_run ?? null,
  };
}

export type NewRequest = Omit<RequestRecord, 'status' | 'cardTs' | 'decidedAt' | 'decidedBy' | 'outcome'>;
// A resume is approved as it is made: it has its card already, who decided and the run it continues.
export type NewResume = Omit<NewRequest, 'expiresAt' | 'resumesRun'> & {
  cardTs: string | null;
  decidedBy: string;
  resumesRun: string;
};

export type RequestStore = {
  insert(request: NewRequest): Promise<void>;
  insertResume(request: NewResume): Promise<void>;
  setResumePlan(id: string, plan: Plan): Promise<boolean>;
  resumeOf(runId: string): Promise<RequestRecord | undefined>;
  interrupted(): Promise<RequestRecord[]>;
  get(id: string): Promise<RequestRecord | undefined>;
  getForUpdate(id: string): Promise<RequestRecord | undefined>;
  claim(id: string, to: 'approved' | 'rejected', actor: string, at: string): Promise<boolean>;
  transition(id: string, from: RequestStatus, to: RequestStatus, outcome?: string): Promise<boolean>;
  setCardTs(id: string, ts: string): Promise<void>;
  expiring(at: string): Promise<RequestRecord[]>;
  pending(): Promise<RequestRecord[]>;
  open(): Promise<RequestRecord[]>;
  recent(limit: number): Promise<RequestRecord[]>;
};

// The columns both kinds of request write; JSON columns as written, parsed back by toRecord.
function commonColumns(request: NewRequest | NewResume) {
  return {
    id: request.id,
    procedure: request.procedure,
    params: JSON.stringify(request.params),
    plan: JSON.stringify(request.plan),
    plan_fingerprint: request.planFingerprint,
    cluster: request.cluster,
    requester: request.requester,
    reason: request.reason,
    channel: request.channel,
    approvals_needed: request.approvalsNeeded,
    dry_run: request.dryRun ? 1 : 0,
    created_at: request.createdAt,
  };
}

export function createRequestStore(db: Kysely<Database>, engine: Engine): RequestStore {
  const requests = () => db.selectFrom('requests').selectAll();
  const all = async (query: ReturnType<typeof requests>) => (await query.execute()).map(toRecord);
  const first = async (query: ReturnType<typeof requests>) => {
    const row = await query.executeTakeFirst();
    return row ? toRecord(row) : undefined;
  };

  return {
    async insert(request) {
      await db
        .insertInto('requests')
        .values({
          ...commonColumns(request),
          status: 'pending',
          expires_at: request.expiresAt,
          card_ts: null,
          decided_at: null,
          decided_by: null,
          outcome: null,
          resumes_run: null,
        })
        .execute();
    },
    // A resume is claimed as it is created: approved by the one who clicked, never pending.
    async insertResume(request) {
      await db
        .insertInto('requests')
        .values({
          ...commonColumns(request),
          status: 'approved',
          card_ts: request.cardTs,
          expires_at: request.createdAt,
          decided_at: request.createdAt,
          decided_by: request.decidedBy,
          outcome: null,
          resumes_run: request.resumesRun,
        })
        .execute();
    },
    // A resume runs the rest of the plan, as re-planned once claimed: what its run, a Cancel and a
    // later resume read.
    async setResumePlan(id, plan) {
      const result = await db
        .updateTable('requests')
        .set({ plan: JSON.stringify(plan) })
        .where('id', '=', id)
        .where('resumes_run', 'is not', null)
        .where('status', '=', 'approved')
        .executeTakeFirst();
      return changedOne(result);
    },
    // The request that resumed this run, if any. A resume refused at its re-plan (Omni unreadable,
    // the plan changed) does not count: Resume can be clicked again.
    resumeOf: (runId) =>
      first(
        requests()
          .where('resumes_run', '=', runId)
          .where('status', '!=', 'refused')
          .orderBy('created_at', 'desc')
          .limit(1),
      ),
    // Interrupted requests may be resumed: their template snapshots are kept.
    interrupted: () => all(requests().where('status', '=', 'interrupted')),
    get: (id) => first(requests().where('id', '=', id)),
    // Inside a transaction: the request, held until the transaction ends, so that concurrent
    // approvals of one request (on any replica) decide one after the other. SQLite's transaction
    // (BEGIN IMMEDIATE, create-store.ts) already holds the whole database.
    getForUpdate: (id) =>
      first(
        engine === 'postgres' ? requests().where('id', '=', id).forUpdate() : requests().where('id', '=', id),
      ),
    // The conditional update is the claim: of any number of concurrent approvals exactly one changes the row.
    async claim(id, to, actor, at) {
      const result = await db
        .updateTable('requests')
        .set({ status: to, decided_at: at, decided_by: actor })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return changedOne(result);
    },
    async transition(id, from, to, outcome) {
      const result = await db
        .updateTable('requests')
        .set((eb) => ({ status: to, outcome: outcome === undefined ? eb.ref('outcome') : outcome }))
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      return changedOne(result);
    },
    async setCardTs(id, ts) {
      await db.updateTable('requests').set({ card_ts: ts }).where('id', '=', id).execute();
    },
    expiring: (at) => all(requests().where('status', '=', 'pending').where('expires_at', '<=', at)),
    pending: () => all(requests().where('status', '=', 'pending').orderBy('created_at')),
    // Requests that may still run: what they run from must stay.
    open: () =>
      all(requests().where('status', 'in', ['pending', 'approved', 'running']).orderBy('created_at')),
    recent: (limit) =>
      all(
        requests().orderBy('created_at', 'desc').orderBy(requestInsertionOrder(engine), 'desc').limit(limit),
      ),
  };
}
