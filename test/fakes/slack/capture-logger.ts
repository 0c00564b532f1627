import { type Logger, LogLevel } from '@slack/bolt';

export type CapturedLine = { level: 'debug' | 'info' | 'warn' | 'error'; text: string };

// A quiet Bolt/WebClient logger for tests that keeps warn/error lines for assertions.
export function captureLogger(): Logger & { lines: CapturedLine[] } {
  const lines: CapturedLine[] = [];
  let level = LogLevel.WARN;
  const keep =
    (lineLevel: CapturedLine['level']) =>
    (...parts: unknown[]) => {
      if (lineLevel === 'debug' || lineLevel === 'info') return;
      lines.push({
        level: lineLevel,
        text: parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' '),
      });
    };
  return {
    lines,
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
