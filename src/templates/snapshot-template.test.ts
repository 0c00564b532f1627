import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate, writeTemplateDir } from '../../test/support/template-fixtures.js';
import { hashTemplateFiles, sha256, snapshotTemplate } from './snapshot-template.js';
import { sweepTemplateSnapshots } from './sweep-template-snapshots.js';

const NOW = new Date('2026-08-22T09:30:00Z');
const DAY = 86_400_000;

const TEMPLATE = `kind: Cluster
name: lab
kubernetes:
  version: v1.31.4
talos:
  version: v1.8.3
patches:
  - file: patches/common.yaml
---
kind: ControlPlane
machineClass:
  name: cp
  size: 3
---
kind: Workers
machineClass:
  name: worker
  size: 2
patches:
  - file: ./patches/nested/worker.yaml
`;
const COMMON = 'machine:\n  install:\n    wipe: false\n';
const WORKER = 'machine:\n  nodeLabels:\n    tier: batch\n';

async function labTemplate(files: Record<string, string> = {}) {
  const dir = await writeTemplateDir({
    'lab.yaml': TEMPLATE,
    'patches/common.yaml': COMMON,
    'patches/nested/worker.yaml': WORKER,
    ...files,
  });
  return { dir, template: await loadTemplate(dir, 'lab') };
}

const snapshotsDir = () => join(mkdtempSync(join(tmpdir(), 'omni-snapshots-')), 'snapshots');
const mode = (path: string) => statSync(path).mode & 0o777;

describe('snapshotTemplate', () => {
  it('copies the template and every patch file with their layout, read-only and private', async () => {
    const { template } = await labTemplate();
    const into = snapshotsDir();

    const snapshot = await snapshotTemplate(template, into, NOW);

    expect(snapshot.templatePath).toBe(join(into, snapshot.hash, 'clusters', 'lab.yaml'));
    const base = dirname(snapshot.templatePath);
    expect(readFileSync(snapshot.templatePath, 'utf8')).toBe(TEMPLATE);
    expect(readFileSync(join(base, 'patches/common.yaml'), 'utf8')).toBe(COMMON);
    expect(readFileSync(join(base, 'patches/nested/worker.yaml'), 'utf8')).toBe(WORKER);
    expect(snapshot.files.map((f) => f.path)).toEqual([
      'clusters/lab.yaml',
      'clusters/patches/common.yaml',
      'clusters/patches/nested/worker.yaml',
    ]);
    expect(snapshot.files[1]?.sha256).toBe(sha256(COMMON));
    for (const file of [snapshot.templatePath, join(base, 'patches/common.yaml')])
      expect(mode(file)).toBe(0o400);
    for (const dir of [into, snapshot.dir, base, join(base, 'patches/nested')]) expect(mode(dir)).toBe(0o700);
  });

  it('is read by the template reader as the original is: same paths, same findings', async () => {
    const { template } = await labTemplate();
    const snapshot = await snapshotTemplate(template, snapshotsDir(), NOW);

    const again = await loadTemplate(dirname(snapshot.templatePath), 'lab');

    expect(again.files).toEqual(template.files);
  });

  it('gives the same files the same snapshot, and reuses it', async () => {
    const into = snapshotsDir();
    const first = await snapshotTemplate((await labTemplate()).template, into, NOW);

    const second = await snapshotTemplate(
      (await labTemplate()).template,
      into,
      new Date(NOW.getTime() + DAY),
    );

    expect(second).toEqual(first);
    expect(statSync(first.dir).mtimeMs).toBe(NOW.getTime() + DAY);
  });

  it.each([
    ['the template', { 'lab.yaml': `${TEMPLATE}# edited\n` }],
    ['a patch file', { 'patches/nested/worker.yaml': `${WORKER}    team: ml\n` }],
  ])('gives another hash when %s changes', async (_what, edit) => {
    const into = snapshotsDir();
    const before = await snapshotTemplate((await labTemplate()).template, into, NOW);

    const after = await snapshotTemplate((await labTemplate(edit)).template, into, NOW);

    expect(after.hash).not.toBe(before.hash);
    expect(readFileSync(before.templatePath, 'utf8')).toBe(TEMPLATE);
  });

  it('gives concurrent requests for the same files one intact snapshot', async () => {
    const { template } = await labTemplate();
    const into = snapshotsDir();

    const all = await Promise.all([1, 2, 3, 4].map(() => snapshotTemplate(template, into, NOW)));

    expect(new Set(all.map((s) => s.templatePath)).size).toBe(1);
    expect(readFileSync(all[0]?.templatePath ?? '', 'utf8')).toBe(TEMPLATE);
    expect(readdirSync(into)).toEqual([all[0]?.hash]);
  });

  it('replaces a snapshot that no longer holds what its name says', async () => {
    const { template } = await labTemplate();
    const into = snapshotsDir();
    const snapshot = await snapshotTemplate(template, into, NOW);
    const patch = join(dirname(snapshot.templatePath), 'patches/common.yaml');
    chmodSync(patch, 0o600);
    writeFileSync(patch, 'tampered: true\n');

    await snapshotTemplate(template, into, NOW);

    expect(readFileSync(patch, 'utf8')).toBe(COMMON);
    expect(mode(patch)).toBe(0o400);
  });

  it('hashes paths as well as contents', () => {
    const a = hashTemplateFiles({ 'clusters/lab.yaml': 'x', 'clusters/p/a.yaml': 'y' });
    const b = hashTemplateFiles({ 'clusters/lab.yaml': 'x', 'clusters/p/b.yaml': 'y' });
    const reordered = hashTemplateFiles({ 'clusters/p/a.yaml': 'y', 'clusters/lab.yaml': 'x' });

    expect(a.hash).not.toBe(b.hash);
    expect(reordered.hash).toBe(a.hash);
  });

  it('refuses a path that would leave the snapshot', async () => {
    const { template } = await labTemplate();

    const escaping = snapshotTemplate(
      { ...template, files: { ...template.files, 'clusters/../../etc/x': 'y' } },
      snapshotsDir(),
      NOW,
    );

    await expect(escaping).rejects.toThrow(/outside the template directory/);
  });
});

describe('sweepTemplateSnapshots', () => {
  it('removes old snapshots no open request uses, and keeps the rest', async () => {
    const into = snapshotsDir();
    const old = await snapshotTemplate(
      (await labTemplate()).template,
      into,
      new Date(NOW.getTime() - 8 * DAY),
    );
    const inUse = await snapshotTemplate(
      (await labTemplate({ 'lab.yaml': `${TEMPLATE}# b\n` })).template,
      into,
      new Date(NOW.getTime() - 30 * DAY),
    );
    const recent = await snapshotTemplate(
      (await labTemplate({ 'lab.yaml': `${TEMPLATE}# c\n` })).template,
      into,
      new Date(NOW.getTime() - DAY),
    );
    const leftover = join(into, '.tmp-abc');
    writeFileSync(join(into, 'README'), 'not ours');
    utimesSync(join(into, 'README'), 0, 0);
    mkdirSync(leftover);
    utimesSync(leftover, new Date(NOW.getTime() - 8 * DAY), new Date(NOW.getTime() - 8 * DAY));

    const removed = await sweepTemplateSnapshots({
      snapshotsDir: into,
      inUse: new Set([inUse.hash]),
      now: NOW,
      keepMs: 7 * DAY,
    });

    expect(removed.sort()).toEqual(['.tmp-abc', old.hash].sort());
    expect(existsSync(old.dir)).toBe(false);
    expect(existsSync(inUse.dir)).toBe(true);
    expect(existsSync(recent.dir)).toBe(true);
    expect(existsSync(join(into, 'README'))).toBe(true);
  });

  it('does nothing when there is no snapshot directory yet', async () => {
    const removed = await sweepTemplateSnapshots({
      snapshotsDir: snapshotsDir(),
      inUse: new Set(),
      now: NOW,
      keepMs: DAY,
    });

    expect(removed).toEqual([]);
  });
});
