import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkDockerfile, pinnedOmnictl } from '../support/check-dockerfile.js';

const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

// README's "Upgrading omnictl" table: | version | amd64 sha | arm64 sha |.
function readmeChecksums(version: string): { amd64?: string; arm64?: string } {
  const row = readme.split('\n').find((line) => line.startsWith(`| ${version} |`));
  const cells = row?.split('|').map((cell) => cell.trim().replace(/`/g, '')) ?? [];
  return { amd64: cells[2], arm64: cells[3] };
}

// The real Dockerfile with one line rewritten; fails loudly if the line to rewrite is gone.
function variant(from: string | RegExp, to: string): string {
  const changed = dockerfile.replace(from, to);
  if (changed === dockerfile) throw new Error(`the Dockerfile no longer contains ${String(from)}`);
  return changed;
}

describe('Dockerfile', () => {
  it('keeps every invariant', () => {
    expect(checkDockerfile(dockerfile)).toEqual([]);
  });

  it('installs omnictl from a pinned release, runs as node and stores state in /data', () => {
    expect(dockerfile).toMatch(/^ARG OMNICTL_VERSION=v\d+\.\d+\.\d+$/m);
    expect(dockerfile).toContain(`/releases/download/\${OMNICTL_VERSION}/omnictl-linux-\${arch}`);
    expect(dockerfile).toMatch(/^ARG TARGETARCH$/m);
    expect(dockerfile).toMatch(/^VOLUME \/data$/m);
    expect(dockerfile).toContain('STATE_DB=/data/omni-chatops.sqlite');
    expect(dockerfile).toContain('CMD ["node", "dist/src/main.js"]');
  });

  it.each([
    {
      case: 'a latest tag',
      text: () => variant('FROM node:24-bookworm-slim AS runtime', 'FROM node:latest AS runtime'),
      problem: /FROM node:latest is not pinned: latest moves/,
    },
    {
      case: 'a missing tag',
      text: () => variant('FROM node:24-bookworm-slim AS toolchain', 'FROM node AS toolchain'),
      problem: /FROM node is not pinned: give a version tag/,
    },
    {
      case: 'a missing checksum check',
      text: () => variant(/ && echo "\$\{sha\} {2}\/tmp\/omnictl" \| sha256sum -c - \\\n/, ''),
      problem: /the omnictl download is not verified: check it with sha256sum -c/,
    },
    {
      case: 'a checksum without a pinned value',
      text: () => variant(/^ARG OMNICTL_SHA256_ARM64=.*$/m, 'ARG OMNICTL_SHA256_ARM64'),
      problem: /the omnictl checksum is not pinned: declare ARG OMNICTL_SHA256_ARM64=<64 hex>/,
    },
    {
      case: 'a missing arm64 checksum',
      text: () => variant(/^ARG OMNICTL_SHA256_ARM64=.*\n/m, ''),
      problem: /no pinned checksum for arm64: declare ARG OMNICTL_SHA256_ARM64/,
    },
    {
      case: 'USER root',
      text: () => variant(/^USER node$/m, 'USER root'),
      problem: /USER root: the final stage must run as a non-root user/,
    },
    {
      case: 'no USER',
      text: () => variant(/^USER node\n/m, ''),
      problem: /the final stage runs as root: add USER with a non-root user/,
    },
    {
      case: 'a shell-form CMD',
      text: () => variant('CMD ["node", "dist/src/main.js"]', 'CMD node dist/src/main.js'),
      problem: /CMD node dist\/src\/main.js is shell form: .*SIGTERM never reaches node/,
    },
    {
      case: 'no HEALTHCHECK',
      text: () => variant(/^HEALTHCHECK [^\n]*\\\n[^\n]*\n/m, ''),
      problem: /the final stage has no HEALTHCHECK/,
    },
  ])('fails on $case', ({ text, problem }) => {
    const problems = checkDockerfile(text());

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });
});

describe('the pinned omnictl', () => {
  it('is v1.10.6 with the checksums Sidero publishes, the same as in the README table', () => {
    const pinned = pinnedOmnictl(dockerfile);

    expect(pinned.version).toBe('v1.10.6');
    expect(pinned.sha256).toEqual({
      amd64: '2f192d6f11d3209489df4fa768074ac81a4b7e97f90bd6eccda7c93ebd45ffb0',
      arm64: '6fd269921e5b576963c297233f2009fe4462ef5cd77b67b0a16bc24dbf9dbc9d',
    });
    expect(readmeChecksums(pinned.version)).toEqual(pinned.sha256);
  });

  it('is the same in deploy/compose.yaml, so `docker compose up --build` needs no argument', () => {
    const compose = readFileSync(new URL('../../deploy/compose.yaml', import.meta.url), 'utf8');
    const pinned = pinnedOmnictl(dockerfile);

    expect(compose).toContain(`OMNICTL_VERSION:-${pinned.version}}`);
    expect(compose).toContain(`OMNICTL_SHA256_AMD64:-${pinned.sha256.amd64}}`);
    expect(compose).toContain(`OMNICTL_SHA256_ARM64:-${pinned.sha256.arm64}}`);
  });
});

describe('checkDockerfile', () => {
  const base = [
    'FROM node:24-bookworm-slim AS build',
    `ARG OMNICTL_SHA256=${'a'.repeat(64)}`,
    'RUN curl -fsSLo /omnictl https://github.com/siderolabs/omni/releases/download/v1.10.4/omnictl-linux-amd64 \\',
    ' && echo "$OMNICTL_SHA256  /omnictl" | sha256sum -c -',
  ];

  it('wants more than one stage', () => {
    const text = [...base, 'USER node', 'HEALTHCHECK CMD ["node", "/healthz"]', 'CMD ["node", "x.js"]'].join(
      '\n',
    );

    expect(checkDockerfile(text)).toEqual([
      'the Dockerfile has one stage: build in one, copy the output into a final stage (multi-stage)',
    ]);
  });

  it('follows a final stage built FROM an earlier one, and accepts a digest', () => {
    const text = [
      ...base,
      'USER node',
      'HEALTHCHECK CMD ["node", "/healthz"]',
      'FROM build AS runtime',
      'CMD ["node", "x.js"]',
      `FROM node@sha256:${'b'.repeat(64)} AS unused`,
      'FROM runtime',
    ].join('\n');

    expect(checkDockerfile(text)).toEqual([]);
  });

  it('resolves a FROM taken from a global build argument', () => {
    const text = ['ARG NODE=node:latest', 'FROM $NODE AS build', ...base.slice(1), 'FROM build'].join('\n');

    expect(checkDockerfile(text)).toContain(
      'line 2: FROM $NODE is not pinned: latest moves, use a version tag',
    );
  });

  it('wants omnictl downloaded at all, and never from latest', () => {
    const none = [
      'FROM node:24 AS a',
      'FROM a',
      'USER node',
      'HEALTHCHECK CMD node /healthz',
      'CMD ["node"]',
    ];
    const latest = [
      'FROM node:24 AS a',
      'ADD --checksum=sha256:' +
        'c'.repeat(64) +
        ' https://github.com/siderolabs/omni/releases/latest/download/omnictl-linux-amd64 /omnictl',
      'FROM a',
      'USER node',
      'HEALTHCHECK CMD node /healthz',
      'CMD ["node"]',
    ];

    expect(checkDockerfile(none.join('\n'))).toEqual([
      'omnictl is not downloaded at build time from a pinned release URL',
    ]);
    expect(checkDockerfile(latest.join('\n'))).toEqual([
      'line 2: the omnictl download uses latest; pin a version (ARG OMNICTL_VERSION)',
    ]);
  });
});
