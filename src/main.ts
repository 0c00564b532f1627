import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadConfig, secretValues } from './config.js';
import { scrubSecrets } from './logger.js';
import { type RunningBot, startBot } from './start-bot.js';

// The process entry: configuration from the environment, start, and stop on SIGTERM/SIGINT.
async function main(): Promise<void> {
  const result = loadConfig(process.env);
  if (!result.ok) {
    process.stderr.write(
      `omni-chatops: invalid configuration:\n${result.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    process.exit(2);
  }
  let bot: RunningBot;
  try {
    bot = await startBot(result.config);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `omni-chatops: could not start: ${scrubSecrets(reason, secretValues(result.config))}\n`,
    );
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    bot.logger.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) void main();
