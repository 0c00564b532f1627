type SplitStderr = {
  /** `[WARN]`/`[INFO]`/`[ERROR]` lines printed before the command's own error. */
  warnings: string[];
  /** The cobra `Error: …` line, if omnictl printed one. */
  errorLine?: string;
  /** Every other non-empty line (progress such as `destroyed Links… <id>`). */
  otherLines: string[];
};

// Version-skew warnings and Omni notifications are printed with these prefixes (notes §1 TL;DR 11).
const notificationPrefix = /^\[(WARN|INFO|ERROR)\] /;

/** Sorts omnictl's stderr into notifications, the error line and the rest. */
export function splitStderr(stderr: string): SplitStderr {
  const result: SplitStderr = { warnings: [], otherLines: [] };
  for (const rawLine of stderr.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (result.errorLine === undefined && notificationPrefix.test(line)) {
      result.warnings.push(line);
    } else if (result.errorLine === undefined && line.startsWith('Error: ')) {
      result.errorLine = line;
    } else {
      result.otherLines.push(line);
    }
  }
  return result;
}
