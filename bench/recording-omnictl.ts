import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type OmnictlCall = { argv: string; args: string[]; startMs: number; endMs: number };

// Wraps an omnictl executable in a shell script that logs when each call starts and ends
// (wall clock, ms), so a benchmark can count calls and how many ran at once.
export function recordingOmnictl(real: string): { path: string; calls(sinceMs?: number): OmnictlCall[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'omnictl-recorder-'));
  const file = path.join(dir, 'omnictl');
  const log = path.join(dir, 'calls.log');
  writeFileSync(log, '');
  writeFileSync(
    file,
    [
      '#!/bin/sh',
      // The arguments once more after a tab, each ended by \037, so a benchmark can run them again.
      `{ printf 'start %s %s %s\t' "$$" "$(date +%s%3N)" "$*"; printf '%s\\037' "$@"; echo; } >> '${log}'`,
      `'${real}' "$@"`,
      'rc=$?',
      `echo "end $$ $(date +%s%3N)" >> '${log}'`,
      'exit $rc',
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return {
    path: file,
    calls(sinceMs = 0) {
      const started = new Map<string, { argv: string; args: string[]; startMs: number }>();
      const calls: OmnictlCall[] = [];
      for (const line of readFileSync(log, 'utf8').split('\n')) {
        const [head = '', packed = ''] = line.split('\t');
        const [kind, pid, at, ...argv] = head.split(' ');
        if (!pid || !at) continue;
        const args = packed.split('\x1f').slice(0, -1);
        if (kind === 'start') started.set(pid, { argv: argv.join(' '), args, startMs: Number(at) });
        const start = started.get(pid);
        if (kind === 'end' && start) calls.push({ ...start, endMs: Number(at) });
      }
      return calls.filter((c) => c.startMs >= sinceMs);
    },
  };
}

// The most calls that overlapped in time.
export function maxParallel(calls: readonly OmnictlCall[]): number {
  const edges = calls.flatMap((c) => [
    { at: c.startMs, delta: 1 },
    { at: c.endMs, delta: -1 },
  ]);
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let now = 0;
  let max = 0;
  for (const edge of edges) {
    now += edge.delta;
    max = Math.max(max, now);
  }
  return max;
}
