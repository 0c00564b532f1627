// Several bot processes (replicas) behind ONE fake Slack in Socket Mode, sharing one database and
// one fake Omni fleet, as issue #16 runs them: each replica holds its own Socket Mode connection and
// the fake spreads envelopes over them. Built on startBotProcess (one real `node src/main.ts` per
// replica), so a replica can be killed with SIGKILL and started again on the same state.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CreateFakeOmniOptions, createFakeOmni } from '../fakes/omnictl/fake-omni.js';
import type { AckResult, RetryOptions, StoredMessage } from '../fakes/slack/fake-slack-types.js';
import { blockActionsPayload, slashCommandPayload } from '../fakes/slack/slack-requests.js';
import { startFakeSlack } from '../fakes/slack/start-fake-slack.js';
import { BROKEN_TEMPLATE, CHANNEL, USERS } from './bot-harness.js';
import { type BotProcess, killProcessesWithEnv, startBotProcess } from './bot-process.js';
import { type PostgresTestServer, startPostgresTestServer } from './postgres/start-postgres-test-server.js';

export type ReplicaHarnessOptions = {
  // Where the replicas keep their state. 'sqlite': one STATE_DB file they all open (WAL lets two
  // processes share it; enough to prove the harness while the bot refuses DATABASE_URL).
  // 'postgres': one database on a throwaway PostgreSQL server, given to every replica as
  // DATABASE_URL: the mode issue #16's acceptance tests run in once the stores speak PostgreSQL.
  database: 'postgres' | 'sqlite';
  replicas?: number;
  scenario?: CreateFakeOmniOptions['scenario'];
  // The same for every replica; REPLICA_ID is set per replica and wins.
  env?: Record<string, string>;
  // Node arguments of each replica; default: the TypeScript source through tsx.
  entry?: string[];
};

export type LogLine = Record<string, unknown> & { msg?: string; replica?: string; level?: string };

export type Replica = {
  readonly id: string;
  // The fake Slack connection this replica holds now (FakeSocket.connections[].id).
  readonly connection: number;
  readonly process: BotProcess;
  // Every JSON log line this replica wrote, across restarts, oldest first.
  logs(): LogLine[];
  // SIGKILL: no shutdown, no goodbye; its connection drops as a crashed host's would.
  kill(): Promise<void>;
  // A new process with the same id and environment, after kill() or on its own (then SIGTERM first).
  restart(): Promise<void>;
};

export type ReplicaHarness = Awaited<ReturnType<typeof startReplicas>>;

type As = { userId?: string; channelId?: string; via?: Replica };

export async function startReplicas(options: ReplicaHarnessOptions) {
  const count = options.replicas ?? 2;
  const slack = await startFakeSlack();
  const omni = await createFakeOmni({ scenario: options.scenario ?? 'talos-prod' });
  const dir = mkdtempSync(path.join(tmpdir(), 'omni-chatops-replicas-'));
  const stateDb = path.join(dir, 'state.sqlite');
  const templatesDir = path.join(dir, 'clusters');
  mkdirSync(templatesDir);
  writeFileSync(path.join(templatesDir, 'talos-prod.yaml'), BROKEN_TEMPLATE);

  let postgres: PostgresTestServer | undefined;
  const databaseEnv: Record<string, string> = {};
  if (options.database === 'postgres') {
    // PostgreSQL mode plugs in here: one server per harness, one database shared by every replica.
    postgres = await startPostgresTestServer();
    if (!postgres)
      throw new Error('PostgreSQL is not installed: guard the test with postgresOrSkip() (find-postgres.ts)');
    databaseEnv.DATABASE_URL = await postgres.createDatabase();
  }

  const env = {
    SLACK_APP_TOKEN: slack.options.appToken,
    CLUSTER_TEMPLATES_DIR: templatesDir,
    // Off unless a test turns it on (then one replica polls: the holder of the watcher lease).
    WATCH_INTERVAL: '0',
    ...databaseEnv,
    ...options.env,
  };

  async function launch(id: string): Promise<{ process: BotProcess; connection: number }> {
    // Listen first: the connection may open before the health check answers.
    const connected = slack.socket.nextConnection({ timeoutMs: 30_000 });
    connected.catch(() => undefined);
    // Each replica in its own directory for omnictl's config and the template snapshots, which
    // the bot keeps next to STATE_DB; in SQLite mode they still share the one database file.
    const own = path.join(dir, id);
    mkdirSync(own, { recursive: true });
    const process = await startBotProcess({
      slack,
      omni,
      stateDb: options.database === 'sqlite' ? stateDb : path.join(own, 'unused.sqlite'),
      entry: options.entry,
      env: { ...env, REPLICA_ID: id },
    });
    return { process, connection: await connected };
  }

  const replicas: Replica[] = [];
  try {
    // One after another: each replica's connection is then known to be its own.
    for (let i = 0; i < count; i += 1)
      replicas.push(await createReplica(`replica-${String.fromCharCode(97 + i)}`));
  } catch (error) {
    await stopAll();
    throw error;
  }

  async function createReplica(id: string): Promise<Replica> {
    let current = await launch(id);
    const earlierOutput: string[] = [];
    const kill = async () => {
      current.process.child.kill('SIGKILL');
      await current.process.child;
    };
    return {
      id,
      get connection() {
        return current.connection;
      },
      get process() {
        return current.process;
      },
      logs: () => parseLogLines([...earlierOutput, current.process.output()].join('\n')),
      kill,
      async restart() {
        if (current.process.child.exitCode === null && current.process.child.signalCode === null) {
          current.process.child.kill('SIGTERM');
          await current.process.child;
        }
        earlierOutput.push(current.process.output());
        current = await launch(id);
      },
    };
  }

  const replicaOf = (connection: number) => replicas.find((r) => r.connection === connection);

  // `via`: through that replica's connection; default: wherever the fake sends it (round-robin).
  async function command(text: string, as: As = {}): Promise<AckResult & { replica?: Replica }> {
    const userId = as.userId ?? USERS.alice;
    const channelId = as.channelId ?? CHANNEL;
    const payload = slashCommandPayload({
      text,
      userId,
      channelId,
      responseUrl: slack.responseUrl({ channel: channelId, userId }),
    });
    const ack = await slack.socket.send(
      'slash_commands',
      payload,
      as.via ? { connection: as.via.connection } : {},
    );
    return { ...ack, replica: replicaOf(ack.connection) };
  }

  async function click(
    message: StoredMessage,
    actionId: string,
    as: As & { value?: string } = {},
  ): Promise<AckResult & { replica?: Replica }> {
    const userId = as.userId ?? USERS.bob;
    const payload = blockActionsPayload({
      actionId,
      userId,
      message,
      value: as.value,
      responseUrl: slack.responseUrl({ channel: message.channel, userId, messageTs: message.ts }),
    });
    const ack = await slack.socket.send(
      'interactive',
      payload,
      as.via ? { connection: as.via.connection } : {},
    );
    return { ...ack, replica: replicaOf(ack.connection) };
  }

  // Slack delivering an envelope again, by default on another replica's connection.
  async function retry(
    envelopeId: string,
    as: RetryOptions & { via?: Replica } = {},
  ): Promise<AckResult & { replica?: Replica }> {
    const { via, ...retryOptions } = as;
    const ack = await slack.socket.retry(envelopeId, {
      ...retryOptions,
      ...(via ? { connection: via.connection } : {}),
    });
    return { ...ack, replica: replicaOf(ack.connection) };
  }

  async function stopAll(): Promise<void> {
    for (const replica of replicas) {
      const child = replica.process.child;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
    await Promise.all(replicas.map((replica) => replica.process.child));
    // omnictl processes a killed replica left hanging still point at the fleet's state file.
    killProcessesWithEnv(omni.statePath);
    await slack.close();
    await omni.cleanup();
    await postgres?.stop();
  }

  return {
    slack,
    omni,
    replicas,
    database: options.database,
    // SQLite mode: the shared file; PostgreSQL mode: the shared database's URL.
    stateDb: options.database === 'sqlite' ? stateDb : undefined,
    databaseUrl: databaseEnv.DATABASE_URL,
    postgres,
    command,
    click,
    retry,
    replicaOf,
    stop: stopAll,
  };
}

// The bot writes one JSON object per line (pino); anything else (a stack trace on stderr) is skipped.
export function parseLogLines(output: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const text of output.split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(text) as LogLine);
    } catch {
      // a line cut by a kill
    }
  }
  return lines;
}
