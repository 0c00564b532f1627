// Keeps the last lines of a step's output: enough to explain a failure, small enough for Slack and SQLite.
export function createOutputTail(maxLines = 20, maxChars = 2_000) {
  const lines: string[] = [];
  return {
    push(line: string): void {
      lines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
      if (lines.length > maxLines) lines.shift();
    },
    text(): string {
      const text = lines.join('\n');
      return text.length > maxChars ? `…${text.slice(-maxChars)}` : text;
    },
  };
}
