import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

function text(parts: unknown[]): string {
  return parts
    .map((part) =>
      typeof part === 'string' ? part : part instanceof Error ? part.message : JSON.stringify(part),
    )
    .join(' ');
}

export type BoltLoggerOptions = {
  // Drops every debug line, whatever LOG_LEVEL or the SDK sets. For the Socket Mode client: at
  // debug it logs each raw envelope it receives, a view_submission's pasted key included, before
  // any listener has run (so before the bot can register the key for scrubbing).
  noDebug?: boolean;
};

// Bolt and the Slack SDK log through this, so their lines are pino JSON with our redaction.
export function boltLogger(logger: Logger, options: BoltLoggerOptions = {}): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  // Bolt's LogLevel values are pino's level names ('debug', 'info', 'warn', 'error').
  let level = 'info' as LogLevel;
  return {
    debug: (...msg) => {
      if (!options.noDebug) child.debug(text(msg));
    },
    info: (...msg) => child.info(text(msg)),
    warn: (...msg) => child.warn(text(msg)),
    error: (...msg) => child.error(text(msg)),
    setLevel: (next) => {
      level = options.noDebug && next === ('debug' as LogLevel) ? ('info' as LogLevel) : next;
      child.level = level;
    },
    getLevel: () => level,
    setName: (name) => {
      child = logger.child({ component: name });
    },
  };
}
