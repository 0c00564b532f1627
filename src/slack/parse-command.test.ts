import { describe, expect, it } from 'vitest';
import { PROCEDURES } from '../procedures/registry.js';
import { COMMANDS } from './command-catalogue.js';
import { parseCommand } from './parse-command.js';

const W3 = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';

describe('parseCommand', () => {
  it.each([
    ['', { name: 'help' }],
    ['help', { name: 'help' }],
    ['stuck-machines', { name: 'stuck-machines', cluster: undefined }],
    ['  stuck-machines   talos-prod ', { name: 'stuck-machines', cluster: 'talos-prod' }],
    [`delete-clustermachine ${W3}`, { name: 'delete-clustermachine', machineId: W3, reason: '' }],
    [
      `delete-clustermachine ${W3.toUpperCase()} VM gone (qm destroy)`,
      { name: 'delete-clustermachine', machineId: W3, reason: 'VM gone (qm destroy)' },
    ],
    [`delete-machine ${W3}`, { name: 'delete-machine', machineId: W3 }],
    ['history', { name: 'history', limit: 10 }],
    ['history 3', { name: 'history', limit: 3 }],
  ])('parses %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['frobnicate', /is not a subcommand\.$/],
    ['stuck-machine talos-prod', /^`stuck-machine` is not a subcommand\. Did you mean `stuck-machines`\?$/],
    ['stuck-machines Talos_Prod', /is not a cluster name/],
    ['stuck-machines a b', /at most one cluster/],
    ['delete-clustermachine', /needs a machine id/],
    ['delete-clustermachine not-a-uuid', /is not a machine id/],
    [`delete-clustermachine ${W3};rm -rf /`, /is not a machine id/],
    ['delete-clustermachine $(reboot)', /is not a machine id/],
    [`delete-clustermachine ${W3} \`reboot\``, /shell metacharacters/],
    [`delete-clustermachine ${W3} $(curl evil)`, /shell metacharacters/],
    [`delete-clustermachine ${W3} a && b`, /shell metacharacters/],
    [`delete-machine ${W3} extra`, /only a machine id/],
    ['history lots', /one optional number/],
    ['stuck-machines\u0000', /control characters/],
    ['x'.repeat(2000), /too long/],
  ])('refuses %j', (text, error) => {
    const result = parseCommand(text);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(error);
  });
});

describe('COMMANDS', () => {
  it('documents every subcommand the parser accepts', () => {
    const documented = COMMANDS.map((c) => c.name).sort();
    const accepted = documented.filter((name) => {
      const args = /delete-(cluster)?machine/.test(name)
        ? ' e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82'
        : /sync-template|recover-cluster|timeline/.test(name)
          ? ' talos-prod'
          : name === 'freeze'
            ? ' release in progress'
            : '';
      return parseCommand(`${name}${args}`).ok;
    });

    expect(accepted).toEqual(documented);
    expect(documented).toEqual([
      'delete-clustermachine',
      'delete-machine',
      'drift',
      'freeze',
      'help',
      'history',
      'provider-status',
      'reboot-loop',
      'recover-cluster',
      'restart-provider',
      'rotate-provider-key',
      'status',
      'stuck-machines',
      'sync-template',
      'timeline',
      'unfreeze',
    ]);
  });

  it("lists each procedure's command as its definition words it, as needing approval", () => {
    const fromDefinitions = PROCEDURES.flatMap((p) => (p.command ? [p.command] : []));

    expect(COMMANDS.filter((c) => c.needsApproval)).toEqual(
      fromDefinitions.map(({ word, usage, summary, example }) => ({
        name: word,
        usage,
        summary,
        example,
        needsApproval: true,
      })),
    );
  });
});

describe('freeze, unfreeze and timeline', () => {
  it.each([
    ['freeze release 2.4', { name: 'freeze', reason: 'release 2.4' }],
    ['unfreeze', { name: 'unfreeze' }],
    ['timeline r-0123456789ab', { name: 'timeline', subject: { kind: 'request', id: 'r-0123456789ab' } }],
    ['timeline run-0123456789ab', { name: 'timeline', subject: { kind: 'run', id: 'run-0123456789ab' } }],
    [
      'timeline talos-prod 2h',
      { name: 'timeline', subject: { kind: 'cluster', cluster: 'talos-prod' }, sinceMs: 7_200_000 },
    ],
  ])('reads %j', (text, command) => {
    expect(parseCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['freeze', 'freeze needs a reason'],
    ['freeze $(reboot)', 'shell metacharacters'],
    ['unfreeze now', 'unfreeze takes no arguments'],
    ['timeline', 'timeline takes a request id'],
    ['timeline Talos_Prod', 'timeline takes a request id'],
    ['timeline talos-prod soon', 'is not a duration'],
    ['timeline talos-prod 2h extra', 'timeline takes a request id'],
  ])('refuses %j', (text, error) => {
    const parsed = parseCommand(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.error).toContain(error);
  });
});
