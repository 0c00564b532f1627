// The schema steps the synchronous SQLite store ran (before issue #16), counting them in PRAGMA
// user_version: tests make a file as that version did, to check src/store/migrate-database.ts
// carries it over, and compare its schema with what src/store/schema-migrations.ts makes.
export const LEGACY_SQLITE_STEPS: readonly string[] = [
  `
  CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    procedure TEXT NOT NULL,
    params TEXT NOT NULL,
    plan TEXT NOT NULL,
    plan_fingerprint TEXT NOT NULL,
    cluster TEXT,
    requester TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    card_ts TEXT,
    status TEXT NOT NULL,
    approvals_needed INTEGER NOT NULL DEFAULT 1,
    dry_run INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT,
    outcome TEXT
  );
  CREATE INDEX requests_status ON requests (status, expires_at);
  CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL REFERENCES requests (id),
    actor TEXT NOT NULL,
    decision TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    UNIQUE (request_id, actor, decision)
  );
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE REFERENCES requests (id),
    cluster TEXT,
    status TEXT NOT NULL,
    channel TEXT NOT NULL,
    thread_ts TEXT,
    status_ts TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    summary TEXT
  );
  CREATE TABLE steps (
    run_id TEXT NOT NULL REFERENCES runs (id),
    idx INTEGER NOT NULL,
    title TEXT NOT NULL,
    command TEXT NOT NULL,
    status TEXT NOT NULL,
    exit_code INTEGER,
    started_at TEXT,
    finished_at TEXT,
    output_tail TEXT,
    PRIMARY KEY (run_id, idx)
  );
  CREATE TABLE locks (
    cluster TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    holder TEXT NOT NULL,
    acquired_at TEXT NOT NULL
  );
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    request_id TEXT,
    run_id TEXT,
    detail TEXT NOT NULL DEFAULT '{}'
  );
  CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  `,
  // Watcher alerts: one row per fingerprint (condition + resource), reused when it comes back.
  `
  CREATE TABLE alerts (
    fingerprint TEXT PRIMARY KEY,
    condition TEXT NOT NULL,
    resource TEXT NOT NULL,
    cluster TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'open', 'resolved')),
    summary TEXT NOT NULL,
    diagnose TEXT NOT NULL,
    since TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    opened_at TEXT,
    resolved_at TEXT,
    channel TEXT,
    message_ts TEXT,
    digest INTEGER NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT '{}',
    last_error TEXT
  );
  CREATE INDEX alerts_status ON alerts (status);
  `,
  // Thread messages Slack refused after its client's retries (a run's summary), sent again later.
  `
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    what TEXT NOT NULL,
    run_id TEXT,
    channel TEXT NOT NULL,
    thread_ts TEXT,
    message TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
  );
  `,
  // A kept message may be the final edit of a message already posted (an approval card, a run's status).
  `
  ALTER TABLE outbox ADD COLUMN edit_ts TEXT;
  `,
  // Resuming an interrupted run (issue #22): the resume is a request of its own, approved when it is
  // claimed, that continues the run `resumes_run` (one that was not refused, per run); a wait step's deadline is
  // stored when it starts, so a resumed wait ends when the first one would have.
  `
  ALTER TABLE requests ADD COLUMN resumes_run TEXT;
  CREATE INDEX requests_resumes_run ON requests (resumes_run) WHERE resumes_run IS NOT NULL;
  ALTER TABLE steps ADD COLUMN deadline TEXT;
  `,
  // The change freeze (issue #18): at most one row; its presence means frozen, so it survives restarts.
  `
  CREATE TABLE freeze (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    frozen_by TEXT NOT NULL,
    since TEXT NOT NULL,
    reason TEXT NOT NULL
  );
  `,
];
