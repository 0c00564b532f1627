import type { Kysely } from 'kysely';
import type { Database } from './database-schema.js';
import { insertedOne } from './row.js';

export type Decision = {
  requestId: string;
  actor: string;
  decision: 'approve' | 'reject';
  note: string;
  at: string;
};

export type DecisionStore = {
  /** false when this person had already said the same thing (a retry or a double click). */
  record(decision: Decision): Promise<boolean>;
  approvers(requestId: string): Promise<string[]>;
  forRequest(requestId: string): Promise<Decision[]>;
};

export function createDecisionStore(db: Kysely<Database>): DecisionStore {
  return {
    async record(decision) {
      const result = await db
        .insertInto('decisions')
        .values({
          request_id: decision.requestId,
          actor: decision.actor,
          decision: decision.decision,
          note: decision.note,
          at: decision.at,
        })
        .onConflict((oc) => oc.columns(['request_id', 'actor', 'decision']).doNothing())
        .executeTakeFirst();
      return insertedOne(result);
    },
    async approvers(requestId) {
      const rows = await db
        .selectFrom('decisions')
        .select('actor')
        .where('request_id', '=', requestId)
        .where('decision', '=', 'approve')
        .orderBy('id')
        .execute();
      return rows.map((row) => row.actor);
    },
    async forRequest(requestId) {
      const rows = await db
        .selectFrom('decisions')
        .select(['request_id', 'actor', 'decision', 'note', 'at'])
        .where('request_id', '=', requestId)
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        requestId: row.request_id,
        actor: row.actor,
        decision: row.decision as Decision['decision'],
        note: row.note,
        at: row.at,
      }));
    },
  };
}
