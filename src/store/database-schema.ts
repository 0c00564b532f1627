import type { Generated } from 'kysely';

// The tables as Kysely sees them, on SQLite and PostgreSQL alike (schema-migrations.ts makes them).
// Times are ISO-8601 text and flags 0/1 integers on both engines, so records.ts reads a row the same
// way whichever engine wrote it. `Generated` marks a column the database fills when an insert omits it.

// PostgreSQL's requests also have `seq` (insertion order; SQLite's rowid), read only in ORDER BY.
export type RequestsTable = {
  id: string;
  procedure: string;
  params: string;
  plan: string;
  plan_fingerprint: string;
  cluster: string | null;
  requester: string;
  reason: Generated<string>;
  channel: string;
  card_ts: string | null;
  status: string;
  approvals_needed: Generated<number>;
  dry_run: Generated<number>;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  decided_by: string | null;
  outcome: string | null;
  resumes_run: string | null;
};

export type DecisionsTable = {
  id: Generated<number>;
  request_id: string;
  actor: string;
  decision: string;
  note: Generated<string>;
  at: string;
};

export type RunsTable = {
  id: string;
  request_id: string;
  cluster: string | null;
  status: string;
  channel: string;
  thread_ts: string | null;
  status_ts: string | null;
  started_at: string;
  finished_at: string | null;
  summary: string | null;
  // The replica running it and its last heartbeat; null on rows older than migration 7.
  owner: string | null;
  heartbeat_at: string | null;
  cancel_requested_by: string | null;
  cancel_requested_at: string | null;
};

export type StepsTable = {
  run_id: string;
  idx: number;
  title: string;
  command: string;
  status: string;
  exit_code: number | null;
  started_at: string | null;
  finished_at: string | null;
  output_tail: string | null;
  deadline: string | null;
};

export type LocksTable = {
  cluster: string;
  run_id: string;
  holder: string;
  acquired_at: string;
};

export type AuditTable = {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  request_id: string | null;
  run_id: string | null;
  detail: Generated<string>;
};

export type AlertsTable = {
  fingerprint: string;
  condition: string;
  resource: string;
  cluster: string | null;
  status: 'pending' | 'open' | 'resolved';
  summary: string;
  diagnose: string;
  since: string | null;
  first_seen: string;
  last_seen: string;
  opened_at: string | null;
  resolved_at: string | null;
  channel: string | null;
  message_ts: string | null;
  digest: Generated<number>;
  detail: Generated<string>;
  last_error: string | null;
};

export type OutboxTable = {
  id: Generated<number>;
  what: string;
  run_id: string | null;
  channel: string;
  thread_ts: string | null;
  message: string;
  created_at: string;
  attempts: Generated<number>;
  last_error: string | null;
  edit_ts: string | null;
  // The replica sending it, until when (outbox.take); null when nobody is.
  claimed_by: string | null;
  claimed_until: string | null;
};

/** A named lease (e.g. the watcher's): held by one replica until it expires or is released. */
export type LeasesTable = {
  name: string;
  holder: string;
  expires_at: string;
  acquired_at: string;
};

/** The change freeze: at most one row (id 1); its presence means frozen. */
export type FreezeTable = {
  id: number;
  frozen_by: string;
  since: string;
  reason: string;
};

/** One row per schema migration applied (migrate-database.ts). */
export type SchemaMigrationsTable = {
  version: number;
  name: string;
  applied_at: string;
};

export type Database = {
  requests: RequestsTable;
  decisions: DecisionsTable;
  runs: RunsTable;
  steps: StepsTable;
  locks: LocksTable;
  audit: AuditTable;
  alerts: AlertsTable;
  outbox: OutboxTable;
  freeze: FreezeTable;
  leases: LeasesTable;
  schema_migrations: SchemaMigrationsTable;
};
