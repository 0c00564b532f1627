import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { quoteForShell } from './quote-for-shell.js';

const cases: [name: string, arg: string, quoted: string][] = [
  ['plain word', 'docker', "'docker'"],
  ['spaces', '/opt/omni provider', "'/opt/omni provider'"],
  ['single quote', "it's", "'it'\\''s'"],
  ['double quotes', 'say "hi"', `'say "hi"'`],
  ['command substitution', '$(rm -rf /)', "'$(rm -rf /)'"],
  ['backticks', '`reboot`', "'`reboot`'"],
  ['variables and globs', '$HOME/*;&|', "'$HOME/*;&|'"],
  ['newline', 'a\nb', "'a\nb'"],
  ['empty string', '', "''"],
  ['only quotes', "''", "''\\'''\\'''"],
];

describe('quoteForShell', () => {
  it.each(cases)('quotes %s', (_name, arg, quoted) => {
    expect(quoteForShell(arg)).toBe(quoted);
  });

  it.each(cases)('round-trips %s through a real sh unchanged', (_name, arg) => {
    const printed = execFileSync('/bin/sh', ['-c', `printf '%s' ${quoteForShell(arg)}`], {
      encoding: 'utf8',
    });

    expect(printed).toBe(arg);
  });

  it('refuses a NUL byte', () => {
    expect(() => quoteForShell('a\0b')).toThrow(/NUL/);
  });
});
