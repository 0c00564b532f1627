import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findPostgresBinDir, postgresOrSkip } from './find-postgres.js';

describe('postgresOrSkip', () => {
  it('returns the binaries it finds', () => {
    expect(postgresOrSkip({}, () => '/usr/lib/postgresql/15/bin')).toBe('/usr/lib/postgresql/15/bin');
  });

  it('skips with a message when PostgreSQL is missing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

    expect(postgresOrSkip({}, () => undefined)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^PostgreSQL tests skipped: .*postgresql/));
    warn.mockRestore();
  });

  it('fails under CI=true when PostgreSQL is missing', () => {
    expect(() => postgresOrSkip({ CI: 'true' }, () => undefined)).toThrow(
      /under CI=true the PostgreSQL tests must run/,
    );
  });
});

describe('findPostgresBinDir', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  function debianRoot(versions: string[]): string {
    const root = mkdtempSync(path.join(os.tmpdir(), 'omni-pg-find-'));
    roots.push(root);
    for (const version of versions) {
      const bin = path.join(root, version, 'bin');
      mkdirSync(bin, { recursive: true });
      for (const name of ['initdb', 'postgres']) writeFileSync(path.join(bin, name), '', { mode: 0o755 });
    }
    return root;
  }

  it('takes the newest Debian version', () => {
    const root = debianRoot(['9.6', '15', '13']);

    expect(findPostgresBinDir({ PATH: '' }, root)).toBe(path.join(root, '15', 'bin'));
  });

  it('finds nothing on an empty PATH without a Debian directory', () => {
    expect(findPostgresBinDir({ PATH: '' }, path.join(os.tmpdir(), 'omni-no-such-dir'))).toBeUndefined();
  });
});
