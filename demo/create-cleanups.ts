import { setTimeout as delay } from 'node:timers/promises';

export type Cleanups = {
  add(name: string, step: () => Promise<unknown>): void;
  // Runs every step, newest first; a step that fails or hangs is reported and the next one runs.
  run(): Promise<string[]>;
};

export function createCleanups(timeoutMs = 15_000): Cleanups {
  const steps: { name: string; step: () => Promise<unknown> }[] = [];
  return {
    add: (name, step) => {
      steps.push({ name, step });
    },
    async run() {
      const problems: string[] = [];
      for (const { name, step } of steps.splice(0).reverse()) {
        const timeout = delay(timeoutMs, 'timeout', { ref: false });
        try {
          if ((await Promise.race([step(), timeout])) === 'timeout')
            problems.push(`${name}: still running after ${timeoutMs} ms`);
        } catch (error) {
          problems.push(`${name}: ${(error as Error).message}`);
        }
      }
      return problems;
    },
  };
}
