import { execa } from 'execa';
import { maxParallel, type OmnictlCall } from './recording-omnictl.js';
import type { BenchBot } from './start-bench-bot.js';

// A floor: the omnictl calls the bot made, run again alone, as many at once as the bot ran them, with
// the environment the bot gives omnictl (no more: Node reads its CA bundle variable at every start).
// Resolves to the wall time in ms.
export async function replayReads(bot: BenchBot, reads: readonly OmnictlCall[]): Promise<number> {
  const queue = [...reads];
  const lane = async () => {
    for (let call = queue.shift(); call; call = queue.shift())
      await execa(bot.recorder.path, call.args, {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...bot.omni.env },
        extendEnv: false,
        reject: false,
        stdout: 'ignore',
      });
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, maxParallel(reads)) }, lane));
  return performance.now() - started;
}
