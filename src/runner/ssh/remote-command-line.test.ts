import { describe, expect, it } from 'vitest';
import { remoteCommandLine } from './remote-command-line.js';

describe('remoteCommandLine', () => {
  it('changes into the quoted directory, announces its pid and execs the argv under timeout', () => {
    const line = remoteCommandLine(
      { cwd: '/opt/omni-provider', argv: ['docker', 'compose', 'restart'] },
      120_000,
    );

    expect(line).toBe(
      "cd '/opt/omni-provider' && echo omni-chatops-remote-pid=$$ >&2 && exec timeout --kill-after=5 120 'docker' 'compose' 'restart'",
    );
  });

  it('leaves out cd without a cwd', () => {
    expect(remoteCommandLine({ argv: ['uptime'] }, 5_000)).toBe(
      "echo omni-chatops-remote-pid=$$ >&2 && exec timeout --kill-after=5 5 'uptime'",
    );
  });

  it('quotes hostile words so the shell sees them as data', () => {
    const line = remoteCommandLine({ cwd: "/tmp/x'; reboot; '", argv: ['docker', '$(id)', '`id`'] }, 1_000);

    expect(line).toBe(
      "cd '/tmp/x'\\''; reboot; '\\''' && echo omni-chatops-remote-pid=$$ >&2 && exec timeout --kill-after=5 1 'docker' '$(id)' '`id`'",
    );
  });

  it.each([
    [1, '1'],
    [1_000, '1'],
    [1_001, '2'],
    [90_500, '91'],
  ])('rounds %i ms up to whole seconds (%s), at least one', (timeoutMs, seconds) => {
    expect(remoteCommandLine({ argv: ['true'] }, timeoutMs)).toContain(`--kill-after=5 ${seconds} 'true'`);
  });

  it('refuses an empty argv', () => {
    expect(() => remoteCommandLine({ argv: [] }, 1_000)).toThrow(/argv is empty/);
  });
});
