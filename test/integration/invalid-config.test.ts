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
});
