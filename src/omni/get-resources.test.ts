import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testKey as key, useScriptedOmnictl } from '../../test/support/scripted-omnictl.js';
import { clusterKind } from './cluster-resources.js';
import { machineRequestKind } from './infra-provider-resources.js';
import { Machine, machineKind } from './machine-resources.js';
import { OmniError } from './omni-error.js';
import type { ResourceKind } from './resource-kind.js';

const { omnictlAt, logLines, logText, calls, workDir } = useScriptedOmnictl();

describe('createOmnictl().get', () => {
  it('lists and validates resources', async () => {
    const omnictl = omnictlAt('print-fixture.mjs');

    const machines = await omnictl.get(machineKind);

    expect(machines).toHaveLength(6);
    expect(machines.find((m) => m.metadata.id.startsWith('e2d7b5c9'))?.spec.connected).toBe(false);
    expect(calls()).toEqual([{ command: 'get machines', durationMs: expect.any(Number), outcome: 'ok' }]);
    expect(logLines()).toContainEqual(
      expect.objectContaining({ msg: 'omnictl call', args: ['get', 'machines', '-o', 'json'], exitCode: 0 }),
    );
  });

  it('says when the process has ended, before any resource is parsed (its omnictl slot frees then)', async () => {
    const omnictl = omnictlAt('print-fixture.mjs');
    let parsed = 0;
    let parsedWhenEnded: number | undefined;
    const counting: ResourceKind<unknown> = {
      type: machineKind.type,
      schema: machineKind.schema.transform((m) => {
        parsed += 1;
        return m;
      }),
    };
    const onExit = () => {
      parsedWhenEnded = parsed;
    };

    const machines = await omnictl.get(counting, { onExit });

    expect(machines).toHaveLength(6);
    expect(parsedWhenEnded).toBe(0);
  });

  it('fetches one resource by ID', async () => {
    const omnictl = omnictlAt('print-fixture.mjs');

    const clusters = await omnictl.get(clusterKind, { id: 'talos-prod' });

    expect(clusters.map((cluster) => cluster.spec.talosversion)).toEqual(['1.11.5']);
  });

  it("passes the kind's namespace and a selector", async () => {
    const omnictl = omnictlAt('print-fixture.mjs');

    const requests = await omnictl.get(machineRequestKind, {
      selector: 'omni.sidero.dev/machine-request-set',
    });

    expect(requests).toHaveLength(6);
    expect(logLines()[0]?.args).toEqual([
      'get',
      'machinerequests',
      '-o',
      'json',
      '-n',
      'infra-provider',
      '-l',
      'omni.sidero.dev/machine-request-set',
    ]);
  });

  it('returns nothing for an empty list', async () => {
    const omnictl = omnictlAt('print-fixture.mjs');

    expect(await omnictl.get({ ...machineKind, type: 'configpatches' })).toEqual([]);
  });

  it('names the type, ID and field of a document that fails validation, not its content', async () => {
    const stricter: ResourceKind<unknown> = {
      type: 'machines',
      schema: Machine.extend({
        spec: Machine.shape.spec.extend({ rebootcount: Machine.shape.spec.shape.connected }),
      }),
    };
    const omnictl = omnictlAt('print-fixture.mjs');

    const error = await omnictl.get(stricter).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(OmniError);
    expect(error).toMatchObject({ kind: 'unexpected-output' });
    expect((error as OmniError).detail).toMatch(
      /^machines "1e7f9a3b-5c2d-4b68-8e0f-a3c6d9b2e574": spec\.rebootcount: /,
    );
    expect((error as OmniError).detail).not.toContain('fdae:41e4');
  });

  it('throws the classified failure of a failed call', async () => {
    const omnictl = omnictlAt('fail-with-fixture.mjs');

    const error = await omnictl
      .get(machineKind, { selector: 'auth-expired-error.stderr.txt' })
      .catch((thrown: unknown) => thrown);

    expect(error).toMatchObject({ kind: 'key-expired', userMessage: expect.stringContaining('expired') });
  });

  it('parses output that arrives in small pieces as the whole', async () => {
    const whole = await omnictlAt('print-fixture.mjs').get(machineKind);

    const pieces = await omnictlAt('print-crafted-output.mjs').get(machineKind, { selector: 'small-writes' });

    expect(pieces).toEqual(whole);
  });

  it('replaces a key omnictl echoes in a document before parsing it', async () => {
    const omnictl = omnictlAt('print-crafted-output.mjs');

    const machines = await omnictl.get(machineKind, { selector: 'leak-key' });

    expect(machines).toHaveLength(7);
    expect(machines[0]?.metadata.labels?.['example.com/echo']).toBe('key [REDACTED] echoed');
    expect(JSON.stringify(machines)).not.toContain(key);
  });

  it.each([
    [
      'key-outside',
      /^omnictl get machines: Unexpected text at byte 1022 .*outside any JSON object: \[REDACTED\]$/,
    ],
    [
      'truncated',
      /^omnictl get machines: The omnictl output ends inside the JSON object that starts at byte 1022$/,
    ],
  ])('rejects %s output, naming the byte offset and not the key', async (selector, detail) => {
    const omnictl = omnictlAt('print-crafted-output.mjs');

    const error = await omnictl.get(machineKind, { selector }).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(OmniError);
    expect(error).toMatchObject({ kind: 'unexpected-output', detail: expect.stringMatching(detail) });
    expect(logLines()).toContainEqual(expect.objectContaining({ msg: 'omnictl output rejected' }));
    expect(logText()).not.toContain(key.slice(0, 20));
  });

  it('reads through a private output directory, clearing files a crash left there, leaving none', async () => {
    const output = join(workDir(), 'state', 'omnictl', 'output');
    mkdirSync(output, { recursive: true });
    writeFileSync(join(output, 'left-by-a-crash.out'), 'x');
    const omnictl = omnictlAt('print-fixture.mjs');

    const machines = await omnictl.get(machineKind);

    expect(machines.length).toBeGreaterThan(0);
    expect(readdirSync(output)).toEqual([]);
    expect(statSync(output).mode & 0o777).toBe(0o700);
  });

  it('refuses an object that never closes once it passes 64 MiB, instead of holding all of it', async () => {
    const omnictl = omnictlAt('print-crafted-output.mjs');

    const error = await omnictl
      .get(machineKind, { selector: 'endless-object' })
      .catch((thrown: unknown) => thrown);

    expect(error).toMatchObject({
      kind: 'unexpected-output',
      detail:
        'omnictl get machines: The JSON object that starts at byte 0 of the omnictl output is larger than 67108864 bytes',
    });
  });

  it('throws the failure of a call that failed, not its unparseable output', async () => {
    const omnictl = omnictlAt('print-crafted-output.mjs');

    const error = await omnictl
      .get(machineKind, { selector: 'fail-after-garbage' })
      .catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(OmniError);
    expect(error).toMatchObject({ kind: 'unreachable' });
  });

  it('refuses an ID that omnictl would read as a flag', async () => {
    const omnictl = omnictlAt('print-fixture.mjs');

    await expect(omnictl.get(machineKind, { id: '--all' })).rejects.toMatchObject({ kind: 'other' });
    expect(calls()).toEqual([]);
  });
});
