import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkComposeHa } from '../support/check-compose-ha.js';
import { pinnedOmnictl } from '../support/check-dockerfile.js';

const compose = readFileSync(new URL('../../deploy/compose.ha.yaml', import.meta.url), 'utf8');
const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');

// The real file with one part rewritten; fails loudly if the part to rewrite is gone.
function variant(from: string | RegExp, to: string): string {
  const changed = compose.replace(from, to);
  if (changed === compose) throw new Error(`compose.ha.yaml no longer contains ${String(from)}`);
  return changed;
}

describe('deploy/compose.ha.yaml', () => {
  it('runs PostgreSQL 16 and two replicas that keep every promise of README "Running two replicas"', () => {
    expect(checkComposeHa(compose)).toEqual([]);
  });

  it('builds the image with the omnictl the Dockerfile pins', () => {
    const pinned = pinnedOmnictl(dockerfile);

    expect(compose).toContain(`OMNICTL_VERSION:-${pinned.version}}`);
    expect(compose).toContain(`OMNICTL_SHA256_AMD64:-${pinned.sha256.amd64}}`);
    expect(compose).toContain(`OMNICTL_SHA256_ARM64:-${pinned.sha256.arm64}}`);
  });

  it.each([
    {
      case: 'one replica',
      text: () => variant(/\n {2}omni-chatops-2:[\s\S]*?\n\nsecrets:/, '\n\nsecrets:'),
      problem: /expected two replicas of omni-chatops:local, found 1/,
    },
    {
      case: 'the same REPLICA_ID twice',
      text: () => variant('REPLICA_ID: omni-chatops-2', 'REPLICA_ID: omni-chatops-1'),
      problem: /the replicas share a REPLICA_ID/,
    },
    {
      case: 'a REPLICA_ID the bot refuses',
      text: () => variant('REPLICA_ID: omni-chatops-2', 'REPLICA_ID: omni chatops 2'),
      problem: /omni-chatops-2: REPLICA_ID must be set/,
    },
    {
      case: 'DATABASE_URL written in the file',
      text: () =>
        variant(
          'REPLICA_ID: omni-chatops-1',
          'REPLICA_ID: omni-chatops-1\n      DATABASE_URL: postgres://omni_chatops:pw@postgres/omni_chatops',
        ),
      problem: /omni-chatops-1: DATABASE_URL is written in the file/,
    },
    {
      case: 'the liveness probe instead of readiness',
      text: () => variant("/readyz')", "/healthz')"),
      problem: /the healthcheck does not probe \/readyz/,
    },
    {
      case: 'a password in the file',
      text: () =>
        variant('POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password', 'POSTGRES_PASSWORD: hunter22'),
      problem: /POSTGRES_PASSWORD is written in the file/,
    },
    {
      case: 'another PostgreSQL major',
      text: () => variant('image: postgres:16-bookworm', 'image: postgres:latest'),
      problem: /image must be PostgreSQL 16/,
    },
    {
      case: 'replicas that do not wait for the database',
      text: () =>
        variant('condition: service_healthy\n  extra_hosts', 'condition: service_started\n  extra_hosts'),
      problem: /must wait for PostgreSQL to be healthy/,
    },
  ])('fails on $case', ({ text, problem }) => {
    const problems = checkComposeHa(text());

    expect(problems.join('\n')).toMatch(problem);
  });
});
