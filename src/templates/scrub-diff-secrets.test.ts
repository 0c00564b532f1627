import { describe, expect, it } from 'vitest';
import { HIDDEN, scrubDiffSecrets } from './scrub-diff-secrets.js';

const lines = (...l: string[]) => l.join('\n');

describe('scrubDiffSecrets', () => {
  it.each([
    ['a token', '+      token: abc123def456', `+      token: ${HIDDEN}`],
    ['a password in a list item', '-  - password: hunter22', `-  - password: ${HIDDEN}`],
    ['a quoted key', '+  "clientSecret": "s3cr3t"', `+  "clientSecret": ${HIDDEN}`],
    ['a private key field', ' key: LS0tLS1CRUdJTi', ` key: ${HIDDEN}`],
    ['a flow mapping', '+  auth: {user: a}', `+  auth: ${HIDDEN}`],
    ['a pair inside a flow mapping', '+  creds: {name: x, apiToken: y}', `+  creds: ${HIDDEN}`],
    [
      'a flow pair under a harmless key',
      '+  extra: {name: x, apiToken: y}',
      `+  extra: {name: x, apiToken: ${HIDDEN}}`,
    ],
    ['a NAME=value entry', '+    - AWS_SECRET_ACCESS_KEY=abcd', `+    - AWS_SECRET_ACCESS_KEY=${HIDDEN}`],
    ['a --flag=value', '+    - --bootstrap-token=abcd.efgh', `+    - --bootstrap-token=${HIDDEN}`],
    [
      'credentials in a URL',
      '+  url: https://bob:pa55@registry.local/v2',
      `+  url: https://${HIDDEN}@registry.local/v2`,
    ],
    [
      'an inline PEM',
      '+  ca: "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----"',
      `+  ca: "${HIDDEN}"`,
    ],
  ])('hides %s', (_what, input, expected) => {
    expect(scrubDiffSecrets(input)).toBe(expected);
  });

  it.each([
    ['a label', '+  node-role.kubernetes.io/worker: ""'],
    ['a harmless key', '-          omni.sidero.dev/role: worker'],
    ['certSANs', '+  certSANs:'],
    ['a diff header', '--- ConfigPatches.omni.sidero.dev(default/400-talos-prod-workers-token)'],
    ['a hunk header', '@@ -1,3 +1,4 @@'],
    ['a URL without credentials', '+  url: https://registry.local/v2'],
  ])('leaves %s alone', (_what, input) => {
    expect(scrubDiffSecrets(input)).toBe(input);
  });

  it('hides what is nested under a secret key, per side of the diff, and stops at the next sibling', () => {
    const diff = lines(
      '   certs:',
      '-    crt: AAAA',
      '-    key: BBBB',
      '+    crt: CCCC',
      '+    key: DDDD',
      '   name: talos-prod',
    );

    expect(scrubDiffSecrets(diff)).toBe(
      lines(
        '   certs:',
        `-    ${HIDDEN.replace(')', ': 2 lines)')}`,
        `+    ${HIDDEN.replace(')', ': 2 lines)')}`,
        '   name: talos-prod',
      ),
    );
  });

  it('hides a block scalar and a PEM block inside a ConfigPatch body', () => {
    const diff = lines(
      '+      data: |',
      '+          machine:',
      '+              token: abc',
      '+              ca:',
      '+                  crt: |',
      '+                      -----BEGIN CERTIFICATE-----',
      '+                      MIIBszCCAVmgAwIBAgIRAK',
      '+                      -----END CERTIFICATE-----',
      '+              kubelet:',
      '+                  image: ghcr.io/siderolabs/kubelet:v1.31.4',
    );

    const scrubbed = scrubDiffSecrets(diff);

    expect(scrubbed).not.toMatch(/abc|MIIB|BEGIN/);
    expect(scrubbed).toContain(`+              token: ${HIDDEN}`);
    expect(scrubbed).toContain('+                  crt: |');
    expect(scrubbed).toContain('+                  image: ghcr.io/siderolabs/kubelet:v1.31.4');
  });

  it('hides a PEM block whatever key it sits under', () => {
    const diff = lines(
      ' some: |',
      '+  -----BEGIN OPENSSH PRIVATE KEY-----',
      '+  b3BlbnNzaC1rZXktdjEAAAAABG5vbmU',
      '+  -----END OPENSSH PRIVATE KEY-----',
      ' after: 1',
    );

    expect(scrubDiffSecrets(diff)).toBe(
      lines(' some: |', `+  ${HIDDEN.replace(')', ': 3 lines)')}`, ' after: 1'),
    );
  });

  it('keeps the final newline after a hidden value', () => {
    expect(scrubDiffSecrets('+  token: |\n+    abc\n')).toBe(
      `+  token: |\n+    ${HIDDEN.replace(')', ': 1 line)')}\n`,
    );
  });

  it('keeps the number of diff sections and hunks', () => {
    const diff = lines(
      '--- A(x)',
      '+++ A(x)',
      '@@ -1 +1 @@',
      '-token: a',
      '+token: b',
      '--- B(y)',
      '+++ B(y)',
    );

    expect(scrubDiffSecrets(diff).split('\n')).toHaveLength(7);
  });
});

describe('secret key names', () => {
  it.each(['token', 'bootstraptoken', 'secretboxEncryptionSecret', 'client-key-data', 'password', 'crt'])(
    '%s is secret',
    (name) => {
      expect(scrubDiffSecrets(`+  ${name}: abc`)).toBe(`+  ${name}: ${HIDDEN}`);
    },
  );

  it.each(['name', 'kubernetes', 'nodeLabels', 'certSANs', 'kernelArgs'])('%s is not', (name) => {
    expect(scrubDiffSecrets(`+  ${name}: abc`)).toBe(`+  ${name}: abc`);
  });
});
