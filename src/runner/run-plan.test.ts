import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createRecordingOmnictl, type ScriptedAnswer } from '../../test/support/recording-omnictl.js';
import { createRecordingRemote } from '../../test/support/recording-remote.js';
import { keyRotationPlan, omnictlPlan, T0 } from '../../test/support/use-case-deps.js';
import type { Plan } from '../procedures/shared/plan.js';
import type { RemoteConnector } from './remote-session.js';
import type { RunEvent } from './run-events.js';
import { runPlan } from './run-plan.js';

const plan = omnictlPlan([
  ['delete', 'clustermachine', 'm-w1'],
  ['delete', 'link', 'm-w1'],
  ['get', 'machines', 'm-w1'],
]);

function run(
  toRun: Plan,
  options: {
    script?: (args: readonly string[]) => ScriptedAnswer | undefined;
    remote?: RemoteConnector;
    dryRun?: boolean;
    secret?: string;
    signal?: AbortController;
    drain?: AbortController;
  } = {},
) {
  const omnictl = createRecordingOmnictl(options.script);
  const events: RunEvent[] = [];
  const signal = options.signal ?? new AbortController();
  const result = runPlan(
    {
      omnictl,
      clock: () => T0,
      sleep: async () => {},
      logger: pino({ level: 'silent' }),
      remote: options.remote,
    },
    toRun,
    {
      dryRun: options.dryRun ?? false,
      signal: signal.signal,
      drain: options.drain?.signal,
      secret: options.secret,
      onEvent: (event) => {
        events.push(event);
      },
    },
  );
  const seen = () =>
    events.map((e) =>
      e.type === 'step-finished' ? `finished ${e.result.idx} ${e.result.status}` : `${e.type} ${e.idx}`,
    );
  return { result, omnictl, events, seen };
}

describe('runPlan', () => {
  it('runs each step once, in order, each started before it runs and finished after', async () => {
    const { result, omnictl, seen } = run(plan, {
      script: (args) => (args[1] === 'link' ? { stdout: 'link m-w1 deleted\n' } : undefined),
    });

    expect(await result).toMatchObject({ status: 'succeeded', verdict: 'Done.' });
    expect(omnictl.calls).toEqual([
      ['delete', 'clustermachine', 'm-w1'],
      ['delete', 'link', 'm-w1'],
      ['get', 'machines', 'm-w1'],
    ]);
    expect(seen()).toEqual([
      'step-started 0',
      'finished 0 ok',
      'step-started 1',
      'step-output 1',
      'finished 1 ok',
      'step-started 2',
      'finished 2 ok',
    ]);
  });

  it('runs a step only once its start is recorded, and the next only once its end is; a start that cannot be recorded runs nothing', async () => {
    const omnictl = createRecordingOmnictl();
    const deps = {
      omnictl,
      clock: () => T0,
      sleep: async () => {},
      logger: pino({ level: 'silent' }),
    };
    // The recording (the store's write) settles only when the test says so.
    const pending: { event: RunEvent; settle: () => void }[] = [];
    const result = runPlan(deps, plan, {
      dryRun: false,
      signal: new AbortController().signal,
      onEvent: (event) =>
        new Promise<void>((resolve) => {
          pending.push({ event, settle: resolve });
        }),
    });
    const settleNext = async (type: RunEvent['type']) => {
      await new Promise((resolve) => setImmediate(resolve));
      const next = pending.shift();
      expect(next?.event.type).toBe(type);
      next?.settle();
      await new Promise((resolve) => setImmediate(resolve));
    };

    await settleNext('step-started');
    expect(omnictl.calls).toHaveLength(1);
    await settleNext('step-finished');
    expect(omnictl.calls).toHaveLength(1);
    await settleNext('step-started');
    expect(omnictl.calls).toHaveLength(2);
    for (const type of ['step-finished', 'step-started', 'step-finished'] as const) await settleNext(type);
    expect(await result).toMatchObject({ status: 'succeeded' });

    const broken = createRecordingOmnictl();
    await expect(
      runPlan({ ...deps, omnictl: broken }, plan, {
        dryRun: false,
        signal: new AbortController().signal,
        onEvent: async () => {
          throw new Error('database is locked');
        },
      }),
    ).rejects.toThrow('database is locked');
    expect(broken.calls).toEqual([]);
  });

  it('stops at the first failing step; no later step runs', async () => {
    const { result, omnictl, seen } = run(plan, {
      script: (args) =>
        args[1] === 'link'
          ? { failure: { kind: 'permission-denied', message: 'The bot may not delete links.', detail: '' } }
          : undefined,
    });

    expect(await result).toMatchObject({
      status: 'failed',
      verdict: 'Step 2 (omnictl delete) failed: The bot may not delete links.',
    });
    expect(omnictl.calls).toHaveLength(2);
    expect(seen()).toEqual(['step-started 0', 'finished 0 ok', 'step-started 1', 'finished 1 failed']);
  });

  it('rolls back, newest first, what earlier steps changed when a later one fails', async () => {
    const remote = createRecordingRemote(
      { '/srv/provider/.env': 'OMNI_SERVICE_ACCOUNT_KEY=old\n' },
      (argv) =>
        argv.includes('up')
          ? { exitCode: 1, failure: { kind: 'exit', message: 'exit 1.', detail: '' } }
          : undefined,
    );
    const rotation = keyRotationPlan();

    const { result } = run(rotation, { remote, secret: 'the-pasted-key' });

    expect((await result).verdict).toMatch(
      /^Step 2 \(Recreate the provider container\) failed: exit 1\. Rolled back: \/srv\/provider\/\.env restored from \/srv\/provider\/\.env\.bak-/,
    );
    expect(remote.calls.at(-1)).toMatchObject({ call: 'restoreBackup', path: '/srv/provider/.env' });
    expect(remote.files.get('/srv/provider/.env')).toBe('OMNI_SERVICE_ACCOUNT_KEY=old\n');
  });

  it('is cancelled between steps: the step after the Cancel never starts', async () => {
    const signal = new AbortController();
    const { result, omnictl } = run(plan, {
      signal,
      script: (args) => (args[1] === 'clustermachine' ? { onStart: () => signal.abort() } : undefined),
    });

    expect(await result).toMatchObject({
      status: 'cancelled',
      verdict: 'Cancelled before step 2: omnictl delete.',
    });
    expect(omnictl.calls).toEqual([['delete', 'clustermachine', 'm-w1']]);
  });

  it('drains: a shutdown lets the current step finish and starts no other', async () => {
    const drain = new AbortController();
    const { result, omnictl, seen } = run(plan, {
      drain,
      script: (args) => (args[1] === 'link' ? { onStart: () => drain.abort() } : undefined),
    });

    expect(await result).toMatchObject({
      status: 'interrupted',
      verdict:
        'The bot stopped (shutdown) before step 3: omnictl get. The steps before it completed; nothing after it ran.',
    });
    expect(omnictl.calls).toHaveLength(2);
    expect(seen().at(-1)).toBe('finished 1 ok');
  });

  it('a shutdown that stops the step in flight leaves the run interrupted, not cancelled', async () => {
    const drain = new AbortController();
    const signal = new AbortController();
    const { result } = run(plan, {
      drain,
      signal,
      script: (args) =>
        args[1] === 'link'
          ? {
              hang: true,
              onStart: () => {
                drain.abort();
                signal.abort();
              },
            }
          : undefined,
    });

    expect(await result).toMatchObject({
      status: 'interrupted',
      verdict:
        'The bot stopped (shutdown) during step 2: omnictl delete. The steps before it completed; it may or may not have taken effect; nothing after it ran.',
    });
  });

  it('in a dry run, skips every mutating step and runs the read-only ones', async () => {
    const readOnly = {
      ...plan,
      steps: plan.steps.map((s, i) => (s.kind === 'omnictl' && i === 2 ? { ...s, mutating: false } : s)),
    };

    const { result, omnictl } = run(readOnly, { dryRun: true });

    expect((await result).steps.map((s) => s.status)).toEqual(['skipped', 'skipped', 'ok']);
    expect(omnictl.calls).toEqual([['get', 'machines', 'm-w1']]);
  });

  it('runs nothing of a stored plan whose ids are not Omni ids', async () => {
    const bad: Plan = {
      ...plan,
      steps: [
        { kind: 'wait-gone', title: 'Wait', machineIds: ['m-w1; rm -rf /'], timeoutMs: 1_000, pollMs: 100 },
      ],
    };

    const { result, omnictl } = run(bad);

    expect(await result).toMatchObject({ status: 'failed', steps: [] });
    expect((await result).verdict).toMatch(/^Nothing ran: /);
    expect(omnictl.calls).toEqual([]);
  });
});
