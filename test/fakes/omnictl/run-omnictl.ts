// Test helpers: run the fake through its wrapper as the bot would (execa, no shell), and read
// the shared fixtures.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { type CreateFakeOmniOptions, createFakeOmni, type FakeOmni } from './fake-omni.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/omni/', import.meta.url));

export const W2 = '6a4c8e2f-0b7d-4f19-93a5-d8e1c7b4f026';
export const W3 = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';
export const TEMPLATE = `${FIXTURES}cluster-template.example.yaml`;
export const FIXED_TEMPLATE = `${FIXTURES}cluster-template.fixed.yaml`;

export function fixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export interface RunOptions {
  timeout?: number;
  env?: Record<string, string>;
  extendEnv?: boolean;
}

/** Runs omnictl with the fake's credentials, as the bot does; never throws on a non-zero exit. */
export function runOmnictl(fake: FakeOmni, args: string[], options: RunOptions = {}) {
  return execa(fake.path, args, {
    env: options.env ?? { ...fake.env, OMNICONFIG: fake.omniconfigPath },
    extendEnv: options.extendEnv ?? true,
    reject: false,
    stripFinalNewline: false,
    stdin: 'ignore',
    timeout: options.timeout ?? 10_000,
  });
}

/** Splits a `get -o json` stream into objects. */
export function parseJsonStream(
  text: string,
): Array<{ metadata: { id: string; phase: string; version: number }; spec: Record<string, unknown> }> {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(/\n(?=\{$)/m).map((chunk) => JSON.parse(chunk));
}

/** Runs a test against its own fake (so tests can run concurrently), cleaning up after. */
export async function withFake(test: (fake: FakeOmni) => Promise<void>, options: CreateFakeOmniOptions = {}) {
  const fake = await createFakeOmni(options);
  try {
    await test(fake);
  } finally {
    await fake.cleanup();
  }
}
