import { describe, expect, it, vi } from 'vitest';
import { findSshd, sshdOrSkip } from './find-sshd.js';

describe('sshdOrSkip', () => {
  it('returns the sshd it finds', () => {
    expect(sshdOrSkip({}, () => '/usr/sbin/sshd')).toBe('/usr/sbin/sshd');
  });

  it('skips with a message when sshd is missing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    expect(sshdOrSkip({}, () => undefined)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^SSH tests skipped: .*openssh-server/));
    warn.mockRestore();
  });

  it('fails under CI=true when sshd is missing', () => {
    expect(() => sshdOrSkip({ CI: 'true' }, () => undefined)).toThrow(/under CI=true the SSH tests must run/);
  });
});

describe('findSshd', () => {
  it('finds nothing on an empty PATH without the sbin fallbacks', () => {
    expect(findSshd({ PATH: '' }, [])).toBeUndefined();
  });
});
