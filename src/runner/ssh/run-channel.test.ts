import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CUT_MARK } from '../../omni/line-splitter.js';
import { runChannel } from './run-channel.js';
import type { ExecChannel } from './ssh2-types.js';

// A stand-in for an ssh2 exec channel: the test plays the host's side by emitting events.
function fakeChannel() {
  const channel = Object.assign(new EventEmitter(), {
    stderr: new EventEmitter(),
    end: vi.fn(),
    close: vi.fn(() => channel.emit('close')),
  });
  return channel;
}

function start(options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  const channel = fakeChannel();
  const killRemote = vi.fn();
  const lines: [string, string][] = [];
  const outcome = runChannel(
    channel as unknown as ExecChannel,
    {
      timeoutMs: options.timeoutMs ?? 10_000,
      onLine: (line, stream) => lines.push([stream, line]),
      ...options,
    },
    { killRemote },
  );
  return { channel, killRemote, lines, outcome };
}

describe('runChannel', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hides the pid line, streams the other lines and returns the exit code', async () => {
    const { channel, lines, outcome, killRemote } = start();

    channel.stderr.emit('data', Buffer.from('omni-chatops-remote-pid=4242\nwarning: old compose file\n'));
    channel.emit('data', Buffer.from('restarted\npartial'));
    channel.emit('exit', 0);
    channel.emit('close');

    expect(await outcome).toEqual({
      exitCode: 0,
      stdout: 'restarted\npartial',
      stderr: 'warning: old compose file\n',
      timedOut: false,
      aborted: false,
    });
    expect(lines).toEqual([
      ['stderr', 'warning: old compose file'],
      ['stdout', 'restarted'],
      ['stdout', 'partial'],
    ]);
    expect(channel.end).toHaveBeenCalledOnce();
    expect(killRemote).not.toHaveBeenCalled();
  });

  it('records a remote signal', async () => {
    const { channel, outcome } = start();

    channel.emit('exit', null, 'KILL', false, '');
    channel.emit('close');

    expect(await outcome).toMatchObject({ exitCode: null, exitSignal: 'KILL' });
  });

  it('kills the remote command and then closes the channel when the host lets the timeout pass', async () => {
    const { channel, killRemote, outcome } = start({ timeoutMs: 1_000 });
    channel.stderr.emit('data', Buffer.from('omni-chatops-remote-pid=4242\n'));

    await vi.advanceTimersByTimeAsync(1_000 + 8_000);
    expect(killRemote).toHaveBeenCalledWith(4242);
    expect(channel.close).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(7_000);

    expect(channel.close).toHaveBeenCalledOnce();
    expect(await outcome).toMatchObject({ exitCode: null, timedOut: true, aborted: false });
  });

  it('on abort before the pid is known, kills as soon as the pid line arrives', async () => {
    const controller = new AbortController();
    const { channel, killRemote, outcome } = start({ signal: controller.signal });

    controller.abort();
    expect(killRemote).not.toHaveBeenCalled();
    channel.stderr.emit('data', Buffer.from('omni-chatops-remote-pid=77\n'));
    expect(killRemote).toHaveBeenCalledWith(77);
    channel.emit('exit', null, 'TERM');
    channel.emit('close');

    expect(await outcome).toMatchObject({ aborted: true, timedOut: false });
    expect(killRemote).toHaveBeenCalledOnce();
  });

  it('counts only the first pid line as the pid', async () => {
    const { channel, lines, outcome } = start();

    channel.stderr.emit('data', Buffer.from('omni-chatops-remote-pid=10\nomni-chatops-remote-pid=5\n'));
    channel.emit('close');
    await outcome;

    expect(lines).toEqual([['stderr', 'omni-chatops-remote-pid=5']]);
  });

  it('16 MB without a newline: the line shown is cut and the output kept is the newest megabyte', async () => {
    const { channel, lines, outcome } = start();

    const chunk = Buffer.alloc(32 * 1024, 'x');
    for (let i = 0; i < 512; i += 1) channel.emit('data', chunk);
    channel.emit('data', Buffer.from('\ndone\n'));
    channel.emit('close');
    const { stdout } = await outcome;

    expect(lines.map(([stream, line]) => [stream, line.length])).toEqual([
      ['stdout', 16_384 + CUT_MARK.length],
      ['stdout', 4],
    ]);
    expect(stdout.startsWith('[earlier output dropped]\n')).toBe(true);
    expect(stdout.length).toBeLessThanOrEqual(1024 * 1024 + 30);
    expect(stdout.endsWith('\ndone\n')).toBe(true);
  });
});
