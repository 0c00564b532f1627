import { describe, expect, it } from 'vitest';
import { createFakeOmni } from './fake-omni.js';
import { fixture, parseJsonStream, runOmnictl, W3 } from './run-omnictl.js';

/** Collects a stream's text; `until` resolves once the text so far satisfies a predicate. */
function collect(stream: NodeJS.ReadableStream) {
  let text = '';
  const waiters: Array<() => void> = [];
  stream.on('data', (chunk) => {
    text += String(chunk);
    for (const wake of waiters.splice(0)) wake();
  });
  const until = async (done: (text: string) => boolean) => {
    while (!done(text)) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { until };
}

const objects = (count: number) => (text: string) => (text.match(/^\}$/gm) ?? []).length >= count;

describe('omnictl get --watch', () => {
  it('streams created events, then an update and a destroy, and ends cleanly on SIGTERM', async () => {
    const fake = await createFakeOmni();
    const watch = runOmnictl(fake, ['get', 'clustermachinestatuses', '--watch', '-o', 'json'], {
      timeout: 15_000,
    });
    const output = collect(watch.stdout!);
    await output.until(objects(6));

    await fake.update((s) => {
      const w2 = s.machines.find((m) => m.uuid === '6a4c8e2f-0b7d-4f19-93a5-d8e1c7b4f026')!;
      w2.ready = false;
      w2.rev.clusterMachineStatus = [32, '2026-08-22T09:31:00Z'];
      return s;
    });
    await output.until(objects(7));
    await runOmnictl(fake, ['delete', 'links', W3]);
    await output.until(objects(8));
    watch.kill('SIGTERM');
    const result = await watch;

    const events = parseJsonStream(result.stdout) as unknown as Array<{
      event: string;
      metadata: { id: string; version: number };
    }>;
    expect(result.exitCode).toBe(0);
    expect(events.map((e) => e.event)).toEqual([...Array(6).fill('created'), 'updated', 'destroyed']);
    expect(events[6]?.metadata).toMatchObject({ id: '6a4c8e2f-0b7d-4f19-93a5-d8e1c7b4f026', version: 32 });
    expect(events[7]?.metadata.id).toBe(W3);
    expect(
      result.stdout.startsWith(fixture('get-clustermachinestatus.watch.json').split('}\n{')[0] ?? ''),
    ).toBe(true);
    await fake.cleanup();
  });

  it('flushes the table bootstrap with the header and each later event on its own', async () => {
    const fake = await createFakeOmni();
    const watch = runOmnictl(fake, ['get', 'clustermachinestatuses', '-w'], { timeout: 15_000 });
    const output = collect(watch.stdout!);
    await output.until((text) => text.includes(W3));

    await fake.update((s) => {
      const w3 = s.machines.find((m) => m.uuid === W3)!;
      w3.stage = 9;
      w3.rev.clusterMachineStatus = [37, '2026-08-22T09:31:00Z'];
      return s;
    });
    await output.until((text) => text.trimEnd().endsWith('9'));
    watch.kill('SIGINT');
    const result = await watch;

    const lines = result.stdout.split('\n');
    const expected = fixture('get-clustermachinestatus.watch.table.txt').split('\n');
    expect(lines.slice(0, 6)).toEqual(expected.slice(0, 6));
    expect(lines[7]).toBe(expected[7]);
    expect(result.exitCode).toBe(0);
    await fake.cleanup();
  });
});
