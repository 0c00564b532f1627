import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadTemplate,
  talosProdDir,
  templateFixtureDir,
  writeTemplateDir,
} from '../../../test/support/template-fixtures.js';
import {
  blockingFindings,
  checkNodeLabels,
  forbiddenFindings,
  isForbiddenNodeLabel,
  suggestNodeLabel,
} from './check-node-labels.js';

describe('isForbiddenNodeLabel', () => {
  it.each([
    ['kubernetes.io/hostname', false],
    ['kubernetes.io/arch', false],
    ['beta.kubernetes.io/instance-type', false],
    ['failure-domain.beta.kubernetes.io/zone', false],
    ['topology.kubernetes.io/zone', false],
    ['topology.kubernetes.io/region', false],
    ['node.kubernetes.io/x', false],
    ['node.kubernetes.io/instance-type', false],
    ['foo.node.kubernetes.io/x', false],
    ['kubelet.kubernetes.io/x', false],
    ['foo.kubelet.kubernetes.io/x', false],
    ['omni.sidero.dev/role', false],
    ['env', false],
    ['example.com/kubernetes.io', false],
    ['node-restriction.kubernetes.io/x', true],
    ['foo.node-restriction.kubernetes.io/x', true],
    ['node-role.kubernetes.io/worker', true],
    ['node-role.kubernetes.io/control-plane', true],
    ['app.kubernetes.io/name', true],
    ['kubernetes.io/foo', true],
    ['topology.kubernetes.io/rack', true],
    ['k8s.io/x', true],
    ['example.k8s.io/x', true],
  ])('%s → forbidden: %s', (key, forbidden) => {
    expect(isForbiddenNodeLabel(key)).toBe(forbidden);
  });
});

describe('suggestNodeLabel', () => {
  it.each([
    ['node-role.kubernetes.io/worker', '', { key: 'omni.sidero.dev/role', value: 'worker' }],
    ['node-role.kubernetes.io/infra', 'true', { key: 'omni.sidero.dev/role', value: 'infra' }],
    ['app.kubernetes.io/part-of', 'homelab', { key: 'omni.sidero.dev/part-of', value: 'homelab' }],
    ['node-role.kubernetes.io/', '', undefined],
  ])('%s=%s → %o', (key, value, suggestion) => {
    expect(suggestNodeLabel(key, value)).toEqual(suggestion);
  });
});

describe('checkNodeLabels', () => {
  it('finds exactly one blocker in the example template: the worker role in worker-labels', async () => {
    const template = await loadTemplate(await talosProdDir('example'), 'talos-prod');

    const findings = checkNodeLabels(template);

    expect(blockingFindings(findings)).toEqual([
      {
        key: 'node-role.kubernetes.io/worker',
        value: '',
        verdict: 'forbidden',
        severity: 'blocker',
        where: {
          file: 'clusters/talos-prod.yaml',
          line: 29,
          patch: 'worker-labels',
          level: 'workers',
          set: 'workers',
          via: 'nodeLabels',
        },
        suggestion: { key: 'omni.sidero.dev/role', value: 'worker' },
        symptom: expect.stringContaining('is not allowed to modify labels'),
      },
    ]);
    expect(forbiddenFindings(findings)).toHaveLength(1);
    expect(findings.map((f) => [f.key, f.verdict])).toEqual([
      ['node-role.kubernetes.io/worker', 'forbidden'],
      ['topology.kubernetes.io/zone', 'allowed'],
    ]);
  });

  it('finds nothing forbidden in the fixed template', async () => {
    const template = await loadTemplate(await talosProdDir('fixed'), 'talos-prod');

    const findings = checkNodeLabels(template);

    expect(forbiddenFindings(findings)).toEqual([]);
    expect(findings).toMatchObject([
      { key: 'topology.kubernetes.io/zone', verdict: 'allowed', severity: 'info' },
    ]);
  });

  it('judges every level, both places and file patches, with file and line', async () => {
    const template = await loadTemplate(join(templateFixtureDir, 'levels'), 'lab');

    const findings = checkNodeLabels(template);

    const lab = 'levels/lab.yaml';
    const kubeletFile = 'levels/patches/kubelet-labels.yaml';
    const machineFile = 'levels/patches/machine-labels.yaml';
    const cp = '11111111-1111-4111-8111-111111111111';
    const worker = '22222222-2222-4222-8222-222222222222';
    expect(findings.map((f) => [f.key, f.verdict, f.severity, f.where])).toEqual([
      [
        'env',
        'allowed',
        'info',
        { file: lab, line: 13, patch: 'cluster-labels', level: 'cluster', via: 'nodeLabels' },
      ],
      [
        'app.kubernetes.io/part-of',
        'forbidden',
        'blocker',
        { file: lab, line: 14, patch: 'cluster-labels', level: 'cluster', via: 'nodeLabels' },
      ],
      [
        'node-role.kubernetes.io/control-plane',
        'forbidden',
        'warning',
        { file: lab, line: 24, patch: 'cp-labels', level: 'control-plane', via: 'nodeLabels' },
      ],
      [
        'k8s.io/owner',
        'forbidden',
        'blocker',
        { file: lab, line: 27, patch: 'cp-labels', level: 'control-plane', via: 'kubelet-node-labels' },
      ],
      [
        'node.kubernetes.io/pool',
        'allowed',
        'info',
        { file: lab, line: 27, patch: 'cp-labels', level: 'control-plane', via: 'kubelet-node-labels' },
      ],
      [
        'omni.sidero.dev/gpu',
        'allowed',
        'info',
        {
          file: kubeletFile,
          line: 11,
          patch: 'patches/kubelet-labels.yaml',
          level: 'workers',
          set: 'gpu',
          via: 'kubelet-node-labels',
        },
      ],
      [
        'node-role.kubernetes.io/gpu',
        'forbidden',
        'blocker',
        {
          file: kubeletFile,
          line: 11,
          patch: 'patches/kubelet-labels.yaml',
          level: 'workers',
          set: 'gpu',
          via: 'kubelet-node-labels',
        },
      ],
      [
        'topology.kubernetes.io/zone',
        'allowed',
        'info',
        { file: lab, line: 44, patch: 'worker-labels', level: 'workers', set: 'workers', via: 'nodeLabels' },
      ],
      [
        'node-role.kubernetes.io/worker',
        'forbidden',
        'blocker',
        { file: lab, line: 44, patch: 'worker-labels', level: 'workers', set: 'workers', via: 'nodeLabels' },
      ],
      [
        'kubernetes.io/hostname',
        'allowed',
        'info',
        {
          file: machineFile,
          line: 3,
          patch: 'machine-labels',
          level: 'machine',
          set: worker,
          via: 'nodeLabels',
        },
      ],
      [
        'example.k8s.io/tier',
        'forbidden',
        'blocker',
        {
          file: machineFile,
          line: 4,
          patch: 'machine-labels',
          level: 'machine',
          set: worker,
          via: 'nodeLabels',
        },
      ],
      [
        'node-restriction.kubernetes.io/fence',
        'forbidden',
        'warning',
        { file: lab, line: 61, patch: 'cp-machine', level: 'machine', set: cp, via: 'nodeLabels' },
      ],
    ]);
  });

  it('gives the same findings for a template stored as JSON (no lineOf)', async () => {
    const template = await loadTemplate(join(templateFixtureDir, 'levels'), 'lab');

    const stored = JSON.parse(JSON.stringify(template));

    expect(checkNodeLabels(stored)).toEqual(checkNodeLabels(template));
  });

  it('says what the node shows for each place', async () => {
    const template = await loadTemplate(join(templateFixtureDir, 'levels'), 'lab');

    const byKey = new Map(checkNodeLabels(template).map((f) => [f.key, f]));

    expect(byKey.get('node-role.kubernetes.io/worker')?.symptom).toContain('k8s.NodeApplyController');
    expect(byKey.get('k8s.io/owner')?.symptom).toContain('--node-labels');
    expect(byKey.get('node-role.kubernetes.io/control-plane')?.symptom).toContain('admin credentials');
    expect(byKey.get('node-role.kubernetes.io/gpu')).toMatchObject({
      value: '',
      suggestion: { key: 'omni.sidero.dev/role', value: 'gpu' },
    });
    expect(byKey.get('env')?.suggestion).toBeUndefined();
  });

  it('reads node-labels given as a list and values that YAML reads as other types', async () => {
    const text = [
      'kind: Cluster',
      'name: c1',
      'patches:',
      '  - name: p',
      '    inline:',
      '      machine:',
      '        nodeLabels:',
      '          gpu: true',
      '          empty:',
      '        kubelet:',
      '          extraArgs:',
      '            node-labels:',
      '              - env=a, k8s.io/x=b',
      '              - lonely.kubernetes.io/flag',
      '---',
      'kind: ControlPlane',
      '',
    ].join('\n');
    const template = await loadTemplate(await writeTemplateDir({ 'c1.yaml': text }), 'c1');

    const findings = checkNodeLabels(template);

    expect(findings.map((f) => [f.key, f.value, f.where.line, f.verdict])).toEqual([
      ['gpu', 'true', 8, 'allowed'],
      ['empty', '', 9, 'allowed'],
      ['env', 'a', 13, 'allowed'],
      ['k8s.io/x', 'b', 13, 'forbidden'],
      ['lonely.kubernetes.io/flag', '', 14, 'forbidden'],
    ]);
  });
});
