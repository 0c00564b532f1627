import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadTemplate,
  omniFixtureDir,
  talosProdDir,
  templateFixtureDir,
  writeTemplateDir,
} from '../../../test/support/template-fixtures.js';
import { checkNodeLabels, forbiddenFindings } from './check-node-labels.js';
import { suggestLabelFix } from './suggest-label-fix.js';

// Applies the diff with a real tool, from the directory the shown paths are relative to.
function gitApply(templatesDir: string, diff: string): void {
  execFileSync('git', ['apply', '--whitespace=nowarn', '-'], { cwd: dirname(templatesDir), input: diff });
}

const header = (cluster: string) => [
  `kind: Cluster`,
  `name: ${cluster}`,
  '---',
  'kind: ControlPlane',
  '---',
  'kind: Workers',
  'patches:',
  '  - name: labels',
  '    inline:',
  '      machine:',
];

describe('suggestLabelFix', () => {
  it('replaces the worker role in the example with omni.sidero.dev/role', async () => {
    const template = await loadTemplate(await talosProdDir('example'), 'talos-prod');

    const diff = suggestLabelFix(template, checkNodeLabels(template));

    expect(diff).toBe(
      [
        '--- a/clusters/talos-prod.yaml',
        '+++ b/clusters/talos-prod.yaml',
        '@@ -26,5 +26,5 @@',
        '     inline:',
        '       machine:',
        '         nodeLabels:',
        '-          node-role.kubernetes.io/worker: ""',
        '+          omni.sidero.dev/role: worker',
        '           topology.kubernetes.io/zone: homelab',
        '',
      ].join('\n'),
    );
  });

  it('gives a diff that applies to the example and leaves nothing forbidden', async () => {
    const dir = await talosProdDir('example');
    const template = await loadTemplate(dir, 'talos-prod');

    gitApply(dir, suggestLabelFix(template, checkNodeLabels(template)));

    const fixed = await readFile(join(omniFixtureDir, 'cluster-template.fixed.yaml'), 'utf8');
    const lines = fixed.split('\n');
    lines.splice(28, 0, '          omni.sidero.dev/role: worker');
    expect(await readFile(join(dir, 'talos-prod.yaml'), 'utf8')).toBe(lines.join('\n'));
    expect(forbiddenFindings(checkNodeLabels(await loadTemplate(dir, 'talos-prod')))).toEqual([]);
  });

  it('fixes every place in the levels fixture, file patches and flow maps included', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'omni-fix-')), 'levels');
    await cp(join(templateFixtureDir, 'levels'), dir, { recursive: true });
    const template = await loadTemplate(dir, 'lab');

    const diff = suggestLabelFix(template, checkNodeLabels(template));
    gitApply(dir, diff);

    const after = await loadTemplate(dir, 'lab');
    expect(forbiddenFindings(checkNodeLabels(after))).toEqual([]);
    expect(after.files['levels/lab.yaml']?.split('\n')[43]).toBe(
      '        nodeLabels: {topology.kubernetes.io/zone: rack-1, omni.sidero.dev/role: worker}',
    );
    expect(after.files['levels/lab.yaml']?.split('\n')[26]).toBe(
      '            node-labels: "omni.sidero.dev/owner=ops,node.kubernetes.io/pool=cp"',
    );
    expect(after.files['levels/patches/kubelet-labels.yaml']?.split('\n')[10]).toBe(
      '      node-labels: omni.sidero.dev/gpu=true,omni.sidero.dev/role=gpu',
    );
    expect(after.files['levels/patches/machine-labels.yaml']).toBe(
      'machine:\n  nodeLabels:\n    kubernetes.io/hostname: w-static\n    omni.sidero.dev/tier: gold\n',
    );
    expect(diff.match(/^--- a\/.*$/gm)).toEqual([
      '--- a/levels/lab.yaml',
      '--- a/levels/patches/kubelet-labels.yaml',
      '--- a/levels/patches/machine-labels.yaml',
    ]);
  });

  it('drops a forbidden key whose replacement is already set, and shifts later hunks', async () => {
    const text = [
      ...header('c1'),
      '        nodeLabels:',
      '          omni.sidero.dev/role: worker',
      "          'node-role.kubernetes.io/worker': ''",
      '          a: "1"',
      '          b: "2"',
      '          c: "3"',
      '          d: "4"',
      '          e: "5"',
      '          f: "6"',
      '          app.kubernetes.io/name: web # why not',
      '',
    ].join('\n');
    const dir = await writeTemplateDir({ 'c1.yaml': text });
    const template = await loadTemplate(dir, 'c1');

    const diff = suggestLabelFix(template, checkNodeLabels(template));

    expect(diff).toBe(
      [
        '# dropped: node-role.kubernetes.io/worker at clusters/c1.yaml:13, omni.sidero.dev/role is already set',
        '--- a/clusters/c1.yaml',
        '+++ b/clusters/c1.yaml',
        '@@ -10,7 +10,6 @@',
        '       machine:',
        '         nodeLabels:',
        '           omni.sidero.dev/role: worker',
        "-          'node-role.kubernetes.io/worker': ''",
        '           a: "1"',
        '           b: "2"',
        '           c: "3"',
        '@@ -17,4 +16,4 @@',
        '           d: "4"',
        '           e: "5"',
        '           f: "6"',
        '-          app.kubernetes.io/name: web # why not',
        '+          omni.sidero.dev/name: web # why not',
        '',
      ].join('\n'),
    );
    gitApply(dir, diff);
    expect(forbiddenFindings(checkNodeLabels(await loadTemplate(dir, 'c1')))).toEqual([]);
  });

  it('drops a flag label whose replacement is already in the flag, and rewrites an aliased line once', async () => {
    const text = [
      ...header('c1'),
      '        kubelet:',
      '          extraArgs:',
      '            node-labels: omni.sidero.dev/role=worker,node-role.kubernetes.io/worker=',
      '  - name: labels-again',
      '    inline: &shared',
      '      machine:',
      '        nodeLabels: {k8s.io/x: "y"}',
      '  - name: alias',
      '    inline: *shared',
      '',
    ].join('\n');
    const dir = await writeTemplateDir({ 'c1.yaml': text });
    const template = await loadTemplate(dir, 'c1');

    const diff = suggestLabelFix(template, checkNodeLabels(template));

    expect(diff.split('\n').filter((line) => /^[-+#]/.test(line))).toEqual([
      '# dropped: node-role.kubernetes.io/worker at clusters/c1.yaml:13, omni.sidero.dev/role is already set',
      '--- a/clusters/c1.yaml',
      '+++ b/clusters/c1.yaml',
      '-            node-labels: omni.sidero.dev/role=worker,node-role.kubernetes.io/worker=',
      '+            node-labels: omni.sidero.dev/role=worker',
      '-        nodeLabels: {k8s.io/x: "y"}',
      '+        nodeLabels: {omni.sidero.dev/x: "y"}',
    ]);
    gitApply(dir, diff);
    expect(forbiddenFindings(checkNodeLabels(await loadTemplate(dir, 'c1')))).toEqual([]);
  });

  it('lists what it cannot rewrite on one line, and marks a last line without a newline', async () => {
    const text = [
      ...header('c1'),
      '        kubelet:',
      '          extraArgs:',
      '            node-labels: >-',
      '              k8s.io/x=b',
      '        nodeLabels:',
      '          node-role.kubernetes.io/infra: "true"',
    ].join('\n');
    const dir = await writeTemplateDir({ 'c1.yaml': text });
    const template = await loadTemplate(dir, 'c1');

    const diff = suggestLabelFix(template, checkNodeLabels(template));

    expect(diff).toBe(
      [
        '# not rewritten: k8s.io/x at clusters/c1.yaml:13 (patch labels); change it by hand',
        '--- a/clusters/c1.yaml',
        '+++ b/clusters/c1.yaml',
        '@@ -13,4 +13,4 @@',
        '             node-labels: >-',
        '               k8s.io/x=b',
        '         nodeLabels:',
        '-          node-role.kubernetes.io/infra: "true"',
        '\\ No newline at end of file',
        '+          omni.sidero.dev/role: infra',
        '\\ No newline at end of file',
        '',
      ].join('\n'),
    );
    gitApply(dir, diff);
  });

  it('gives nothing when nothing is forbidden', async () => {
    const template = await loadTemplate(await talosProdDir('fixed'), 'talos-prod');

    expect(suggestLabelFix(template, checkNodeLabels(template))).toBe('');
  });
});
