import { createSlackDriver, type SlackDriver } from './create-slack-driver.js';
import type { Scenario } from './demo-workspace.js';
import { type DemoStack, startDemoStack } from './start-demo-stack.js';

export type DemoSession = {
  // undefined while (re)starting, or when the last start failed.
  current(): { stack: DemoStack; driver: SlackDriver } | undefined;
  scenario(): Scenario;
  status(): 'running' | 'restarting' | 'failed';
  problem(): string | undefined;
  // Stops everything and starts it again with this scenario.
  reset(scenario: Scenario): Promise<void>;
  stop(): Promise<void>;
};

export async function createDemoSession(
  initial: Scenario,
  start: (scenario: Scenario) => Promise<DemoStack> = startDemoStack,
  // Told of each start after a Reset (not the first), e.g. to print the new bot log's path.
  onReset?: (stack: DemoStack) => void,
): Promise<DemoSession> {
  let running: { stack: DemoStack; driver: SlackDriver } | undefined;
  let scenario = initial;
  let status: 'running' | 'restarting' | 'failed' = 'restarting';
  let problem: string | undefined;
  // One reset at a time: a second click waits for the first to finish.
  let queue: Promise<void> = Promise.resolve();

  const restart = async (next: Scenario) => {
    status = 'restarting';
    scenario = next;
    const old = running;
    running = undefined;
    await old?.stack.stop();
    try {
      const stack = await start(next);
      running = { stack, driver: createSlackDriver(stack) };
      status = 'running';
      problem = undefined;
      if (old) onReset?.(stack);
    } catch (error) {
      status = 'failed';
      problem = (error as Error).message;
    }
  };

  await restart(initial);
  if (!running) throw new Error(`the playground did not start: ${problem}`);
  return {
    current: () => running,
    scenario: () => scenario,
    status: () => status,
    problem: () => problem,
    reset(next) {
      queue = queue.then(() => restart(next));
      return queue;
    },
    async stop() {
      await queue;
      await running?.stack.stop();
      running = undefined;
    },
  };
}
