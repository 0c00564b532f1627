import { describe, expect, it } from 'vitest';
import { fixture, runOmnictl, W3, withFake } from './run-omnictl.js';

describe.concurrent('fault injection', () => {
  it('a hanging omnictl is killed by the caller timeout and logged as killed', () =>
    withFake(async (fake) => {
      await fake.injectFault({ match: ['delete', 'links'], hang: true });

      // Long enough for the process to have started (and trapped the signal) even on a busy machine.
      const result = await runOmnictl(fake, ['delete', 'links', W3], { timeout: 2_000 });

      expect(result.timedOut).toBe(true);
      expect(result.signal).toBe('SIGTERM');
      expect((await fake.readState()).machines.map((m) => m.uuid)).toContain(W3);
      expect(await fake.readLog()).toMatchObject([
        { argv: ['delete', 'links', W3], exitCode: 143, signal: 'SIGTERM' },
      ]);
    }));

  it.each([
    ['expired', 'auth-expired-error.stderr.txt'],
    ['rejected', 'auth-invalid-signature.stderr.txt'],
    ['insufficient-role', 'auth-insufficient-role.stderr.txt'],
  ] as const)('auth %s fails every API command with the fixture text', (auth, file) =>
    withFake(async (fake) => {
      await fake.setAuth(auth);

      const get = await runOmnictl(fake, ['get', 'machines']);

      expect(get).toMatchObject({ exitCode: 1, stdout: '', stderr: fixture(file) });
    }),
  );

  it('version skew and notifications go to stderr before a successful output', () =>
    withFake(async (fake) => {
      await fake.update((s) => {
        s.versionSkew = '1.9.3';
        s.notifications = ['[WARN] Maintenance: Omni will be upgraded tonight'];
        return s;
      });

      const result = await runOmnictl(fake, ['get', 'links']);

      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe(fixture('get-links.table.txt'));
      expect(result.stderr).toBe(
        `${fixture('version-skew-warning.stderr.txt')}[WARN] Maintenance: Omni will be upgraded tonight\n`,
      );
    }));

  it('a canned answer applies `times` times, in argv order only, after its delay', () =>
    withFake(async (fake) => {
      await fake.injectFault({
        match: ['get', 'links'],
        exitCode: 1,
        stderr: 'Error: rpc error: code = Unavailable desc = boom\n',
        delayMs: 200,
        times: 1,
      });

      const otherOrder = await runOmnictl(fake, ['links', 'get']);
      const started = Date.now();
      const failed = await runOmnictl(fake, ['get', 'links', '-o', 'json']);
      const elapsed = Date.now() - started;
      const recovered = await runOmnictl(fake, ['get', 'links', '-o', 'json']);

      expect(otherOrder.stderr).toMatch(/unknown command "links"/);
      expect(failed).toMatchObject({
        exitCode: 1,
        stdout: '',
        stderr: 'Error: rpc error: code = Unavailable desc = boom\n',
      });
      expect(elapsed).toBeGreaterThanOrEqual(200);
      expect(recovered.stdout).toBe(fixture('get-links.json'));
      expect((await fake.readState()).faults).toEqual([]);
    }));

  it('renewkey needs Admin and records the new key', () =>
    withFake(async (fake) => {
      await fake.update((s) => {
        s.account.role = 'Operator';
        return s;
      });
      const refused = await runOmnictl(fake, ['infraprovider', 'renewkey', 'proxmox']);
      await fake.update((s) => {
        s.account.role = 'Admin';
        return s;
      });
      const renewed = await runOmnictl(fake, ['infraprovider', 'renewkey', 'proxmox']);

      expect(refused.stderr).toBe(
        'Error: rpc error: code = PermissionDenied desc = unauthorized: access denied: insufficient role: "Operator"\n',
      );
      expect(renewed).toMatchObject({ exitCode: 0, stdout: fixture('infraprovider-renewkey.stdout.txt') });
      expect((await fake.readState()).provider).toMatchObject({
        keyRenewals: 1,
        lastKeyId: '4f0a9d2c61b8e37a05c94d1e8b27f6a3c0d95e41',
      });
    }));
});
