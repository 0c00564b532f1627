// Claims and run starts on SQLite and PostgreSQL, side by side (issue #16):
// - claim throughput: distinct pending requests claimed through the approval's own claim
//   transaction (claimApproval: freeze, request row FOR UPDATE, approvers, lock, decision, audit,
//   conditional update, run row), every request clicked by several approvers at once; on PostgreSQL
//   from two stores, as two replicas would. Floor: the bare conditional update in its transaction
//   (bench/store-claims.ts's claim), the same requests and clicks.
// - run-start latency: the Approve click sent → the run row `running` (its started_at, written by
//   the bot as the steps begin), on the production build in HTTP mode, a fresh bot and database per
//   trial. Floor: the re-plan's omnictl reads run alone (as time-to-act.ts measures them).
// PostgreSQL is the tests' throwaway server on 127.0.0.1 (fsync off); without it, its rows are
// skipped with a message.
// Run: node --import tsx bench/claim-throughput.ts
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { AccessConfig } from '../src/approvals/access-policy.js';
import type { ApproveDeps } from '../src/recovery/approval-deps.js';
import { claimApproval } from '../src/recovery/approve-request.js';
import { createStore, type DatabaseTarget, type Store } from '../src/store/create-store.js';
import { requestIdOf } from '../test/support/approval-flow.js';
import {
  type PostgresTestServer,
  startPostgresTestServer,
} from '../test/support/postgres/start-postgres-test-server.js';
import { approveRemoval, READ_ONLY } from './approve-removal.js';
import { buildBot } from './build-bot.js';
import { bareClaim, DECIDED_AT, pendingRequest } from './claim-request.js';
import { printMachine } from './machine-info.js';
import { sized } from './quick.js';
import { replayReads } from './replay-reads.js';
import { startBenchBot } from './start-bench-bot.js';
import { ms, percentile, table } from './stats.js';

const REQUESTS = sized(200, 20);
const APPROVERS_EACH = 4;
const TRIALS = sized(20, 1);
const APPROVERS = Array.from({ length: APPROVERS_EACH }, (_, i) => `U0APPR${i}`);

type Engine = {
  name: string;
  // The stores the claims go through: one for SQLite (one process), two for PostgreSQL (two replicas).
  open(): Promise<Store[]>;
  // What a bot process is given to keep its state there (a fresh database or file each time).
  botEnv(): Promise<Record<string, string>>;
  target(env: Record<string, string>): DatabaseTarget;
};

const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

// Every request clicked by APPROVERS_EACH approvers at once, all requests at once; spread over the
// stores round-robin. Resolves to the wall time, each attempt's latency, and how many claims won.
async function clickAll(
  stores: readonly Store[],
  prefix: string,
  attempt: (store: Store, requestId: string, actor: string) => Promise<boolean>,
) {
  for (let i = 0; i < REQUESTS; i += 1)
    await stores[0]!.requests.insert(pendingRequest(`${prefix}-${i}`, `${prefix}-cluster-${i}`));
  const latencies: number[] = [];
  const started = performance.now();
  const won = await Promise.all(
    Array.from({ length: REQUESTS * APPROVERS_EACH }, async (_, n) => {
      const request = `${prefix}-${Math.floor(n / APPROVERS_EACH)}`;
      const t = performance.now();
      const claimed = await attempt(stores[n % stores.length]!, request, APPROVERS[n % APPROVERS_EACH]!);
      latencies.push(performance.now() - t);
      return claimed;
    }),
  );
  const wallMs = performance.now() - started;
  return { wallMs, latencies: sorted(latencies), won: won.filter(Boolean).length };
}

const access: AccessConfig = { operators: [], approvers: APPROVERS, allowSelfApproval: false };
const silent = pino({ level: 'silent' });

// The approval's claim with the parts it reads: the store, the clock, the access list, the mode.
const approvalClaim = async (store: Store, requestId: string, actor: string) => {
  const deps = { store, clock: () => new Date(DECIDED_AT), access, dryRun: false, logger: silent };
  const claim = await claimApproval(
    deps as unknown as ApproveDeps,
    requestId,
    { userId: actor, groups: [] },
    false,
    false,
  );
  if (claim.kind !== 'claimed' && !(claim.kind === 'denied' && claim.problemKind === 'already-decided'))
    throw new Error(`${requestId}: unexpected claim result ${claim.kind}`);
  return claim.kind === 'claimed';
};

async function claimRow(engine: Engine) {
  const stores = await engine.open();
  try {
    const full = await clickAll(stores, 'r', approvalClaim);
    const floor = await clickAll(stores, 'f', (store, id, actor) => bareClaim(store, id, actor));
    for (const [what, run] of [
      ['approval claims', full],
      ['bare claims', floor],
    ] as const)
      if (run.won !== REQUESTS) throw new Error(`${engine.name}: ${run.won} ${what} won of ${REQUESTS}`);
    const rate = (wallMs: number) => Math.round(REQUESTS / (wallMs / 1000));
    return [
      engine.name,
      `${REQUESTS} × ${APPROVERS_EACH}`,
      rate(full.wallMs),
      `${ms(percentile(full.latencies, 50))} / ${ms(percentile(full.latencies, 95))}`,
      rate(floor.wallMs),
      `${(full.wallMs / floor.wallMs).toFixed(2)}×`,
      `${full.won} of ${REQUESTS}`,
    ];
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
}

// One removal of w3 (talos-prod), requested by alice and approved by bob on a fresh bot.
async function runStartTrial(engine: Engine, main: string) {
  const env = await engine.botEnv();
  const bot = await startBenchBot({ machines: 'talos-prod', main, extraEnv: env });
  try {
    const { card, clickedAt, summary } = await approveRemoval(bot);
    const store = await createStore(engine.target(env));
    const run = await store.runs.forRequest(requestIdOf(card));
    await store.close();
    if (!run) throw new Error('the approval made no run');
    const calls = bot.recorder.calls(clickedAt);
    const firstMutating = calls.findIndex((c) => !READ_ONLY.test(c.args[0] ?? ''));
    const replanReads = calls.slice(0, firstMutating < 0 ? calls.length : firstMutating);
    return {
      startMs: Date.parse(run.startedAt) - clickedAt,
      floorMs: await replayReads(bot, replanReads),
      succeeded: /Succeeded/.test(String(summary.params.text)),
    };
  } finally {
    await bot.stop();
  }
}

async function runStartRow(engine: Engine, main: string) {
  const trials = [];
  for (let t = 0; t < TRIALS; t += 1) trials.push(await runStartTrial(engine, main));
  const starts = sorted(trials.map((t) => t.startMs));
  const floors = sorted(trials.map((t) => t.floorMs));
  const over = sorted(trials.map((t) => t.startMs - t.floorMs));
  return [
    engine.name,
    TRIALS,
    `${ms(percentile(starts, 50))} / ${ms(percentile(starts, 95))}`,
    ms(percentile(floors, 50)),
    ms(percentile(over, 50)),
    `${trials.filter((t) => t.succeeded).length} of ${TRIALS}`,
  ];
}

function sqlite(dir: string): Engine {
  let n = 0;
  return {
    name: 'SQLite (file, WAL)',
    open: async () => [await createStore(path.join(dir, 'claims.sqlite'))],
    botEnv: async () => {
      n += 1;
      return { STATE_DB: path.join(dir, `bot-${n}.sqlite`) };
    },
    target: (env) => ({ engine: 'sqlite', file: env.STATE_DB! }),
  };
}

function postgres(server: PostgresTestServer): Engine {
  const target = (url: string) => ({ engine: 'postgres', url, poolSize: 10 }) as const;
  return {
    name: 'PostgreSQL (loopback, pool 10)',
    open: async () => {
      const url = await server.createDatabase();
      // Two replicas: the first migrates, the second finds it done.
      const first = await createStore(target(url));
      return [first, await createStore(target(url))];
    },
    botEnv: async () => ({ DATABASE_URL: await server.createDatabase() }),
    target: (env) => target(env.DATABASE_URL!),
  };
}

async function main(): Promise<void> {
  printMachine('Claims and run starts, SQLite and PostgreSQL (claim-throughput.ts)');
  const build = await buildBot();
  if (!build.ok) throw new Error(build.note);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'omni-claim-throughput-'));
  const server = await startPostgresTestServer();
  if (!server)
    console.log('PostgreSQL is not installed: its rows are skipped (install postgresql to see them)');
  const engines = [sqlite(dir), ...(server ? [postgres(server)] : [])];
  try {
    const claims = [];
    for (const engine of engines) claims.push(await claimRow(engine));
    console.log(
      `claim throughput: ${REQUESTS} pending requests, each clicked by ${APPROVERS_EACH} approvers at once, all at once; through the approval's claim transaction (PostgreSQL: from two stores, as two replicas); floor: the bare conditional update, the same clicks`,
    );
    console.log(
      table(
        [
          'engine',
          'requests × approvers',
          'claims/s',
          'attempt p50 / p95 ms',
          'floor claims/s',
          'wall × floor',
          'claimed',
        ],
        claims,
      ),
    );
    const starts = [];
    for (const engine of engines) starts.push(await runStartRow(engine, build.main));
    console.log(
      `run-start latency: Approve click sent → run row running (its started_at); bot: ${build.note}, HTTP mode, a fresh bot and database per trial; removal of w3 in talos-prod; floor: the re-plan's omnictl reads alone; ms`,
    );
    console.log(
      table(
        [
          'engine',
          'trials',
          'click → running p50 / p95',
          're-plan reads alone (floor) p50',
          'over floor p50',
          'succeeded',
        ],
        starts,
      ),
    );
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
