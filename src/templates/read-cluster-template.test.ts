import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadTemplate,
  talosProdDir,
  templateFixtureDir,
  writeTemplateDir,
} from '../../test/support/template-fixtures.js';
import { readClusterTemplate } from './read-cluster-template.js';

const minimal = (cluster: string, extra = '') =>
  `kind: Cluster\nname: ${cluster}\nkubernetes:\n  version: v1.34.2\ntalos:\n  version: v1.11.5\n---\nkind: ControlPlane\nmachineClass:\n  name: cp\n  size: 1\n${extra}`;

describe('readClusterTemplate', () => {
  it('reads the example template with documents, patches and key lines', async () => {
    const dir = await talosProdDir('example');

    const template = await loadTemplate(dir, 'talos-prod');

    expect(template.path).toBe('clusters/talos-prod.yaml');
    expect(template.clusterName).toBe('talos-prod');
    expect(template.documents.map((d) => [d.kind, d.name, d.line])).toEqual([
      ['Cluster', 'talos-prod', 1],
      ['ControlPlane', undefined, 15],
      ['Workers', 'workers', 20],
    ]);
    const labels = template.documents[2]?.patches[0];
    expect(labels).toMatchObject({
      name: 'worker-labels',
      line: 25,
      source: 'inline',
      file: 'clusters/talos-prod.yaml',
      data: {
        machine: {
          nodeLabels: { 'node-role.kubernetes.io/worker': '', 'topology.kubernetes.io/zone': 'homelab' },
        },
      },
    });
    expect(labels?.lineOf([])).toBe(26);
    expect(labels?.lineOf(['machine', 'nodeLabels'])).toBe(28);
    expect(labels?.lineOf(['machine', 'nodeLabels', 'node-role.kubernetes.io/worker'])).toBe(29);
    expect(labels?.lineOf(['machine', 'nodeLabels', 'nope'])).toBeUndefined();
    expect(template.documents[0]?.patches[0]?.lineOf(['machine', 'network', 'nameservers', '0'])).toBe(13);
    expect(Object.keys(template.files)).toEqual(['clusters/talos-prod.yaml']);
  });

  it('resolves file: patches next to the template, with the lines of the patch file', async () => {
    const template = await loadTemplate(join(templateFixtureDir, 'levels'), 'lab');

    const gpu = template.documents.find((d) => d.name === 'gpu')?.patches[0];
    const machine = template.documents.find((d) => d.kind === 'Machine')?.patches[0];

    expect(gpu).toMatchObject({
      name: 'patches/kubelet-labels.yaml',
      line: 35,
      source: { file: 'patches/kubelet-labels.yaml' },
      file: 'levels/patches/kubelet-labels.yaml',
    });
    // The machine config document, not the ExtensionServiceConfig before it.
    expect(gpu?.lineOf(['machine', 'kubelet', 'extraArgs', 'node-labels'])).toBe(11);
    expect(machine).toMatchObject({
      name: 'machine-labels',
      line: 51,
      file: 'levels/patches/machine-labels.yaml',
    });
    expect(machine?.lineOf(['machine', 'nodeLabels', 'example.k8s.io/tier'])).toBe(4);
    expect(Object.keys(template.files).sort()).toEqual([
      'levels/lab.yaml',
      'levels/patches/kubelet-labels.yaml',
      'levels/patches/machine-labels.yaml',
    ]);
    expect(template.documents.find((d) => d.kind === 'ControlPlane')?.machines).toEqual([
      '11111111-1111-4111-8111-111111111111',
    ]);
  });

  it('keeps the model serialisable through keyLines', async () => {
    const template = await loadTemplate(await talosProdDir('fixed'), 'talos-prod');

    const copy = JSON.parse(JSON.stringify(template));

    expect(
      copy.documents[2].patches[0].keyLines['["machine","nodeLabels","topology.kubernetes.io/zone"]'],
    ).toBe(29);
  });

  it.each([
    ['a missing template', 'levels', 'nope', 'no template levels/nope.yaml'],
    ['a name with a path separator', 'levels', '../levels/lab', 'invalid cluster name "../levels/lab"'],
    [
      'a patch file outside the directory',
      'escape',
      'escape',
      'escape/escape.yaml: line 18: patch file "../levels/patches/machine-labels.yaml" is outside the template directory',
    ],
    [
      'a missing patch file',
      'missing-patch',
      'missing-patch',
      'missing-patch/missing-patch.yaml: line 13: patch file "patches/not-there.yaml" not found (missing-patch/patches/not-there.yaml)',
    ],
    [
      'invalid YAML',
      'invalid',
      'invalid',
      'invalid/invalid.yaml: line 6: Tabs are not allowed as indentation',
    ],
  ])('refuses %s', async (_case, dir, cluster, error) => {
    const result = await readClusterTemplate(join(templateFixtureDir, dir), cluster);

    expect(result).toEqual({ ok: false, error });
  });

  it('reports every structural problem at once, with lines', async () => {
    const result = await readClusterTemplate(join(templateFixtureDir, 'structure'), 'two-clusters');

    expect(result).toEqual({
      ok: false,
      error: [
        'structure/two-clusters.yaml: line 12: machines and machineClass are mutually exclusive',
        'structure/two-clusters.yaml: line 18: unknown kind "MachineSet" (expected Cluster, ControlPlane, Workers, Machine)',
      ].join('\n'),
    });
  });

  it.each([
    ['no ControlPlane', 'kind: Cluster\nname: c1\n', 'clusters/c1.yaml: no kind: ControlPlane document'],
    [
      'two ControlPlanes',
      `${minimal('c1')}---\nkind: ControlPlane\n`,
      'clusters/c1.yaml: line 13: a second kind: ControlPlane (the first is at line 8)',
    ],
    ['no Cluster', 'kind: ControlPlane\n', 'clusters/c1.yaml: no kind: Cluster document'],
    [
      'another cluster',
      minimal('c2'),
      'clusters/c1.yaml: line 1: the template is for cluster "c2", not "c1"',
    ],
    [
      'a document without kind',
      `${minimal('c1')}---\nname: x\n`,
      'clusters/c1.yaml: line 13: document has no kind',
    ],
    [
      'two Workers with one name',
      `${minimal('c1')}---\nkind: Workers\n---\nkind: Workers\nname: workers\n`,
      'clusters/c1.yaml: line 15: a second Workers "workers" (the first is at line 13)',
    ],
    [
      'an inline patch without a name',
      `${minimal('c1')}patches:\n  - inline:\n      machine: {}\n`,
      'clusters/c1.yaml: line 13: an inline patch needs a name or idOverride',
    ],
    [
      'a patch with file and inline',
      `${minimal('c1')}patches:\n  - name: p\n    file: p.yaml\n    inline: {}\n`,
      'clusters/c1.yaml: line 13: patch "p": file and inline are mutually exclusive',
    ],
    [
      'a duplicate key',
      `${minimal('c1')}machineClass: {}\n`,
      'clusters/c1.yaml: line 12: Map keys must be unique',
    ],
  ])('refuses a template with %s', async (_case, text, error) => {
    const dir = await writeTemplateDir({ 'c1.yaml': text });

    const result = await readClusterTemplate(dir, 'c1');

    expect(result).toEqual({ ok: false, error });
  });

  it('accepts a trailing document separator and an idOverride in place of a name', async () => {
    const text = `${minimal('c1')}patches:\n  - idOverride: 400-custom\n    inline:\n      machine: {}\n---\n`;
    const dir = await writeTemplateDir({ 'c1.yaml': text });

    const template = await loadTemplate(dir, 'c1');

    expect(template.documents.map((d) => d.kind)).toEqual(['Cluster', 'ControlPlane']);
    expect(template.documents[1]?.patches[0]).toMatchObject({ name: '400-custom', line: 13 });
  });

  it('follows YAML aliases and merge keys to the lines of the anchor', async () => {
    const text = [
      'kind: Cluster',
      'name: c1',
      '---',
      'kind: ControlPlane',
      '---',
      'kind: Workers',
      'patches:',
      '  - name: shared',
      '    inline: &labels',
      '      machine:',
      '        nodeLabels:',
      '          node-role.kubernetes.io/worker: ""',
      '  - name: same',
      '    inline: *labels',
      '  - name: merged',
      '    inline:',
      '      <<: *labels',
      '      cluster: {}',
      '',
    ].join('\n');
    const dir = await writeTemplateDir({ 'c1.yaml': text });

    const template = await loadTemplate(dir, 'c1');

    const path = ['machine', 'nodeLabels', 'node-role.kubernetes.io/worker'];
    const patches = template.documents[2]?.patches ?? [];
    expect(patches.map((p) => [p.name, p.line, p.lineOf(path), p.lineOf(['cluster'])])).toEqual([
      ['shared', 8, 12, undefined],
      ['same', 13, 12, undefined],
      ['merged', 15, 12, 18],
    ]);
    expect(patches[2]?.data).toEqual({
      machine: { nodeLabels: { 'node-role.kubernetes.io/worker': '' } },
      cluster: {},
    });
  });

  it('refuses a merge key that does not name a mapping', async () => {
    const dir = await writeTemplateDir({
      'c1.yaml': 'kind: Cluster\nname: c1\n<<: 1\n---\nkind: ControlPlane\n',
    });

    const result = await readClusterTemplate(dir, 'c1');

    expect(result).toEqual({
      ok: false,
      error: 'clusters/c1.yaml: line 1: Merge sources must be maps or map aliases',
    });
  });

  it('refuses a patch file that leaves the directory through a symlink', async () => {
    const dir = await writeTemplateDir({
      'c1.yaml': `${minimal('c1')}patches:\n  - file: patches/link.yaml\n`,
    });
    const outside = join(dirname(dir), 'outside.yaml');
    await writeFile(outside, 'machine: {}\n');
    await mkdir(join(dir, 'patches'));
    await symlink(outside, join(dir, 'patches/link.yaml'));

    const result = await readClusterTemplate(dir, 'c1');

    expect(result).toEqual({
      ok: false,
      error:
        'clusters/c1.yaml: line 13: patch file "patches/link.yaml" is outside the template directory (through a symlink)',
    });
  });

  it('reports invalid YAML in a patch file with the patch file and line', async () => {
    const dir = await writeTemplateDir({
      'c1.yaml': `${minimal('c1')}patches:\n  - file: bad.yaml\n`,
      'bad.yaml': 'machine:\n  nodeLabels: [a,\n',
    });

    const result = await readClusterTemplate(dir, 'c1');

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toMatch(/^clusters\/bad\.yaml: line 3: /);
  });
});
