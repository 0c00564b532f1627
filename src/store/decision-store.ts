import type { Db } from './open-database.js';

export type Decision = {
  requestId: string;
  actor: string;
  decision: 'approve' | 'reject';
  note: string;
  at: string;
};

export function createDecisionStore(db: Db) {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO decisions (request_id, actor, decision, note, at) VALUES (@requestId, @actor, @decision, @note, @at)',
  );
  const approvers = db.prepare(
    "SELECT actor FROM decisions WHERE request_id = ? AND decision = 'approve' ORDER BY id",
  );
  const forRequest = db.prepare(
    'SELECT request_id, actor, decision, note, at FROM decisions WHERE request_id = ? ORDER BY id',
  );
  return {
    // Returns false when this person had already said the same thing (a retry or a double click).
    record(decision: Decision): boolean {
      return insert.run(decision).changes === 1;
    },
    approvers(requestId: string): string[] {
      return (approvers.all(requestId) as { actor: string }[]).map((row) => row.actor);
    },
    forRequest(requestId: string): Decision[] {
      return (forRequest.all(requestId) as Record<string, string>[]).map((row) => ({
        requestId: String(row.request_id),
        actor: String(row.actor),
        decision: row.decision as Decision['decision'],
        note: String(row.note),
        at: String(row.at),
      }));
    },
  };
}

export type DecisionStore = ReturnType<typeof createDecisionStore>;
