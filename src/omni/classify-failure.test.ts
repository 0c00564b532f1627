import { describe, expect, it } from 'vitest';
import { fixtureNames, readFixture } from '../../test/support/omni-fixtures.js';
import { classifyFailure } from './classify-failure.js';
import type { OmniFailureKind } from './omni-failure.js';
import { splitStderr } from './split-stderr.js';

// Every stderr fixture → the kind the bot must see (undefined: not a failure). A fixture that
// starts with `Error:` goes with exit code 1, the others with 0 (fixtures README).
const expectedKinds: Record<string, OmniFailureKind | undefined> = {
  'auth-expired-error.stderr.txt': 'key-expired',
  'auth-insufficient-role.stderr.txt': 'permission-denied',
  'auth-invalid-signature.stderr.txt': 'key-rejected',
  'cluster-machine-delete.force.stderr.txt': undefined,
  'cluster-status.wait0.stderr.txt': 'other',
  'delete-link.stderr.txt': undefined,
  'delete-link.v1.8-and-older.stderr.txt': undefined,
  'delete-machine.readonly-error.stderr.txt': 'read-only',
  'delete-machinerequest.notfound.v1.8-and-older.stderr.txt': 'not-found',
  'get-ambiguous-alias.stderr.txt': 'other',
  'get-machine.notfound.stderr.txt': 'not-found',
  'get-unknown-type.stderr.txt': 'other',
  'version-skew-warning.stderr.txt': undefined,
  'version-subcommand.stderr.txt': 'other',
};

const stderrFixtures = fixtureNames(/\.stderr\.txt$/);

function outcomeOf(stderr: string, exitCode = stderr.startsWith('Error:') ? 1 : 0) {
  return { exitCode, stderr, timedOut: false, aborted: false };
}

describe('classifyFailure over the fixtures', () => {
  it('has an expectation for every stderr fixture', () => {
    expect(Object.keys(expectedKinds).sort()).toEqual(stderrFixtures);
  });

  it.each(stderrFixtures)('%s', (name) => {
    const stderr = readFixture(name);

    const failure = classifyFailure(outcomeOf(stderr));

    expect(failure?.kind).toBe(expectedKinds[name]);
    if (failure) expect(failure.detail).toBe(stderr.split('\n')[0]);
  });

  it.each(stderrFixtures)('%s behind a version-skew warning and a notification', (name) => {
    const fixture = readFixture(name);
    const stderr = `${readFixture('version-skew-warning.stderr.txt')}[INFO] Maintenance: Omni restarts at 22:00 UTC.\n${fixture}`;

    expect(classifyFailure(outcomeOf(stderr, fixture.startsWith('Error:') ? 1 : 0))?.kind).toBe(
      expectedKinds[name],
    );
  });
});

describe('classifyFailure', () => {
  it.each<[string, string, OmniFailureKind]>([
    [
      'only read and delete',
      'Error: rpc error: code = PermissionDenied desc = only read and delete access is permitted',
      'read-only',
    ],
    [
      'provider-owned type',
      'Error: rpc error: code = PermissionDenied desc = users are not allowed to modify "MachineRequestStatuses.omni.sidero.dev" resources',
      'read-only',
    ],
    [
      'operator needed',
      'Error: rpc error: code = PermissionDenied desc = only operators and admins are allowed to modify "MachineRequests.omni.sidero.dev" resources',
      'permission-denied',
    ],
    [
      'API mismatch',
      'Error: client API version mismatch: backend API version 3, client API version 2',
      'version-mismatch',
    ],
    [
      'connection refused',
      'Error: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:8080: connect: connection refused"',
      'unreachable',
    ],
    [
      'dial deadline',
      'Error: rpc error: code = DeadlineExceeded desc = context deadline exceeded',
      'unreachable',
    ],
    [
      'DNS',
      'Error: rpc error: code = Unavailable desc = name resolver error: lookup acme.omni.siderolabs.io: no such host',
      'unreachable',
    ],
    ["omnictl's own wait", 'Error: context deadline exceeded', 'timeout'],
    ['no error text', '', 'other'],
  ])('%s → %s', (_case, stderr, kind) => {
    expect(classifyFailure(outcomeOf(stderr, 1))?.kind).toBe(kind);
  });

  it('prefers the bot killing the call over the exit code', () => {
    expect(classifyFailure({ exitCode: undefined, stderr: '', timedOut: true, aborted: false })?.kind).toBe(
      'timeout',
    );
    expect(classifyFailure({ exitCode: undefined, stderr: '', timedOut: false, aborted: true })?.kind).toBe(
      'aborted',
    );
  });

  it('does not let a notification decide the kind', () => {
    const stderr =
      '[WARN] Key expiry: a key expired yesterday (no valid signing keys)\nError: cluster is not healthy\n';

    expect(classifyFailure(outcomeOf(stderr, 1))?.kind).toBe('other');
    expect(classifyFailure(outcomeOf(stderr.split('\n')[0]!, 0))).toBeUndefined();
  });

  it('tells the user the cause and the fix', () => {
    const expired = classifyFailure(outcomeOf(readFixture('auth-expired-error.stderr.txt')));
    const role = classifyFailure(outcomeOf(readFixture('auth-insufficient-role.stderr.txt')));
    const missing = classifyFailure(outcomeOf(readFixture('get-machine.notfound.stderr.txt')));

    expect(expired?.message).toBe(
      "Omni rejected the bot's service-account key: it has expired. Create a new key (omnictl serviceaccount renew …) and update OMNI_SERVICE_ACCOUNT_KEY.",
    );
    expect(role?.message).toContain('its role is Reader');
    expect(missing?.message).toContain(
      'Machines.omni.sidero.dev(default/00000000-0000-0000-0000-000000000000)',
    );
  });

  it('quotes omnictl for failures it has no words for', () => {
    const failure = classifyFailure(outcomeOf(readFixture('cluster-status.wait0.stderr.txt')));

    expect(failure?.message).toBe('omnictl failed: cluster is not healthy');
  });
});

describe('splitStderr', () => {
  it('keeps notifications before the error apart from it', () => {
    const stderr =
      "[WARN] skew\r\n[ERROR] Omni: disk full\nError: boom\nRun 'omnictl --help' for usage.\n[INFO] late\n";

    expect(splitStderr(stderr)).toEqual({
      warnings: ['[WARN] skew', '[ERROR] Omni: disk full'],
      errorLine: 'Error: boom',
      otherLines: ["Run 'omnictl --help' for usage.", '[INFO] late'],
    });
  });
});
