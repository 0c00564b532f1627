import type { OmniFailure } from '../../src/omni/omni-failure.js';
import type { Omnictl, OmnictlResult, RunOptions } from '../../src/omni/run-omnictl.js';

// What a scripted call answers: output lines, an exit code and failure, or `hang` until aborted.
export type ScriptedAnswer = {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  failure?: OmniFailure;
  // The call runs until its signal aborts (a Cancel, a shutdown), then fails as killed.
  hang?: boolean;
  // Runs when the call starts (e.g. to press Cancel or stop the bot while this step runs).
  onStart?: () => void;
};

export type RecordingOmnictl = Omnictl & {
  // Every `run` call's arguments, in order.
  calls: string[][];
};

/**
 * An omnictl the runner can be handed instead of the real one: it records each call and answers
 * from `script` (by the joined arguments); an unscripted call succeeds with no output.
 */
export function createRecordingOmnictl(
  script: (args: readonly string[]) => ScriptedAnswer | undefined = () => undefined,
): RecordingOmnictl {
  const calls: string[][] = [];
  return {
    calls,
    async run(args: readonly string[], options: RunOptions = {}): Promise<OmnictlResult> {
      calls.push([...args]);
      let answer = script(args) ?? {};
      answer.onStart?.();
      if (answer.hang) {
        await new Promise<void>((resolve) => {
          if (options.signal?.aborted) resolve();
          options.signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        answer = {
          exitCode: -1,
          failure: { kind: 'aborted', message: 'omnictl was stopped before it finished.', detail: '' },
        };
      }
      for (const line of (answer.stdout ?? '').split('\n').filter(Boolean)) options.onLine?.(line, 'stdout');
      return {
        args: [...args],
        exitCode: answer.exitCode ?? (answer.failure ? 1 : 0),
        stdout: answer.stdout ?? '',
        stderr: answer.stderr ?? '',
        durationMs: 0,
        warnings: [],
        ...(answer.failure ? { failure: answer.failure } : {}),
      };
    },
    async get() {
      throw new Error('recording omnictl: get() is not scripted in this test');
    },
    async version() {
      return 'v1.10.6';
    },
  };
}
