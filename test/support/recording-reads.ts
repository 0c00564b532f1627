import type { ProcedureReads } from '../../src/procedures/shared/procedure-definition.js';

/**
 * ProcedureReads for a planner's test: answers the reads it is given, records which were made,
 * and fails the test on any other (a procedure must read only what it declares).
 */
export function recordingReads(
  answers: Partial<Omit<ProcedureReads, 'settings' | 'now'>> & {
    now?: Date;
    settings?: Partial<ProcedureReads['settings']>;
  },
): ProcedureReads & { made: string[] } {
  const made: string[] = [];
  const { now = new Date('2026-08-22T09:30:00Z'), settings = {}, ...reads } = answers;
  const unexpected = (name: string) => () => {
    throw new Error(`unexpected read: ${name}`);
  };
  const names = [
    'fleet',
    'vms',
    'provider',
    'lastRun',
    'clusterNames',
    'template',
    'snapshot',
    'templateDiff',
    'labelLoop',
  ] as const;
  const recorded = Object.fromEntries(
    names.map((name) => {
      const answer = (reads[name] ?? unexpected(name)) as (...args: unknown[]) => unknown;
      return [
        name,
        (...args: unknown[]) => {
          made.push(name);
          return answer(...args);
        },
      ];
    }),
  ) as unknown as Omit<ProcedureReads, 'settings' | 'now'>;
  return {
    ...recorded,
    made,
    now: () => now,
    settings: {
      stuckAfterMs: 600_000,
      restartCooldownMs: 600_000,
      recoverApprovals: 2,
      composeDir: '/opt/omni-provider',
      envFile: '/opt/omni-provider/.env',
      ...settings,
    },
  };
}
