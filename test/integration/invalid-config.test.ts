import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('starting with an invalid configuration', () => {
  it('exits non-zero, lists every problem, and prints no secret', async () => {
    const secretToken = 'xoxb-secret-value-that-must-not-leak';
    const secretKey = 'c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=';

    const result = await execa(path.join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
      cwd: root,
      reject: false,
      extendEnv: false,
      env: {
        PATH: process.env.PATH,
        SLACK_BOT_TOKEN: secretToken,
        OMNI_SERVICE_ACCOUNT_KEY: secretKey,
        OMNI_ENDPOINT: 'not a url',
        APPROVAL_TTL: 'forever',
        PROVIDER_SSH_HOST: 'omni-provider',
      },
    });

    expect(result.exitCode).not.toBe(0);
    const output = `${result.stdout}\n${result.stderr}`;
    for (const problem of [
      'OMNI_ENDPOINT: must be a URL',
      'APPROVAL_TTL: must be a duration',
      'APPROVERS: is required',
      'SLACK_SIGNING_SECRET: is required in HTTP mode',
      'PROVIDER_SSH_HOST_KEY: is required',
    ]) {
      expect(output).toContain(problem);
    }
    expect(output).not.toContain(secretToken);
    expect(output).not.toContain(secretKey);
  });

  // A bot given DATABASE_URL keeps its state there (issue #16): one it cannot reach stops it, and it never
  // falls back to a SQLite file quietly.
  it('stops when the PostgreSQL of DATABASE_URL cannot be reached, naming where without the password, and makes no SQLite file', async () => {
    const password = 'pg-password-that-must-not-leak';
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'omni-no-pg-'));
    try {
      const result = await execa(path.join(root, 'node_modules/.bin/tsx'), ['src/main.ts'], {
        cwd: root,
        reject: false,
        extendEnv: false,
        env: {
          PATH: process.env.PATH,
          SLACK_BOT_TOKEN: 'xoxb-test-bot-token-1234567890',
          SLACK_APP_TOKEN: 'xapp-1-test-app-token',
          OMNI_ENDPOINT: 'https://acme.omni.siderolabs.io',
          OMNI_SERVICE_ACCOUNT_KEY: 'c2VydmljZS1hY2NvdW50LWtleS12YWx1ZQ==',
          APPROVERS: 'U03BOBAPPR',
          STATE_DB: path.join(dataDir, 'state.sqlite'),
          DATABASE_URL: `postgres://omni:${password}@127.0.0.1:1/omni`,
        },
      });

      expect(result.exitCode).toBe(1);
      const output = `${result.stdout}\n${result.stderr}`;
      expect(output).toContain(
        'omni-chatops: could not start: could not open the database at postgres://omni@127.0.0.1:1/omni: ',
      );
      expect(output).not.toContain(password);
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
