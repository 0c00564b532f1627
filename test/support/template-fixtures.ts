import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ClusterTemplate } from '../../src/templates/cluster-template.js';
import { readClusterTemplate } from '../../src/templates/read-cluster-template.js';

/** Template fixtures written for these tests; the shared omnictl ones sit next door. */
export const templateFixtureDir = join(import.meta.dirname, '../fixtures/templates');
export const omniFixtureDir = join(import.meta.dirname, '../fixtures/omni');

/** Writes files under a fresh `<tmp>/clusters/` and returns that directory. */
export async function writeTemplateDir(files: Record<string, string>): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'omni-templates-')), 'clusters');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

/** The shared example (or fixed) template, as `clusters/talos-prod.yaml` in a temporary directory. */
export async function talosProdDir(fixture: 'example' | 'fixed'): Promise<string> {
  const text = await readFile(join(omniFixtureDir, `cluster-template.${fixture}.yaml`), 'utf8');
  return writeTemplateDir({ 'talos-prod.yaml': text });
}

export async function loadTemplate(dir: string, cluster: string): Promise<ClusterTemplate> {
  const result = await readClusterTemplate(dir, cluster);
  if (!result.ok) throw new Error(result.error);
  return result.template;
}
