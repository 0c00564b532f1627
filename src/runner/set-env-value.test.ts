import { describe, expect, it } from 'vitest';
import { setEnvValue } from './set-env-value.js';

describe('setEnvValue', () => {
  it.each([
    [
      'replaces the key and keeps the rest',
      'OMNI_ENDPOINT=https://x\nOMNI_SERVICE_ACCOUNT_KEY=old\n# note\n',
      'OMNI_ENDPOINT=https://x\nOMNI_SERVICE_ACCOUNT_KEY=new\n# note\n',
    ],
    ['replaces an exported key', 'export OMNI_SERVICE_ACCOUNT_KEY = old\n', 'OMNI_SERVICE_ACCOUNT_KEY=new\n'],
    [
      'appends a missing key',
      'OMNI_ENDPOINT=https://x',
      'OMNI_ENDPOINT=https://x\nOMNI_SERVICE_ACCOUNT_KEY=new\n',
    ],
    ['writes into an empty file', '', 'OMNI_SERVICE_ACCOUNT_KEY=new\n'],
    [
      'leaves similar keys alone',
      'MY_OMNI_SERVICE_ACCOUNT_KEY=keep\n',
      'MY_OMNI_SERVICE_ACCOUNT_KEY=keep\nOMNI_SERVICE_ACCOUNT_KEY=new\n',
    ],
  ])('%s', (_name, before, after) => {
    expect(setEnvValue(before, 'OMNI_SERVICE_ACCOUNT_KEY', 'new')).toBe(after);
  });
});
