// `get` output in each `-o` format (client/pkg/omnictl/output/*.go).

import { CliError } from './cli-error.mjs';
import { renderCompactJson, renderJsonObject } from './render-json.mjs';
import { renderJsonPath } from './render-jsonpath.mjs';
import { renderTable } from './render-table.mjs';
import { renderResourceYaml } from './render-yaml.mjs';

/** @param {string} raw the `-o` value */
export function parseOutputFormat(raw) {
  if (raw === 'table' || raw === 'json' || raw === 'yaml') return { kind: raw, template: '' };
  if (raw.startsWith('jsonpath=')) return { kind: 'jsonpath', template: raw.slice('jsonpath='.length) };
  throw new CliError(`output format "${raw}" is not supported`);
}

/** A print-column cell: k8s jsonpath over the spec, maps and lists as compact JSON. */
function cell(spec, path) {
  const value = path.reduce((v, k) => (v == null ? undefined : v[k]), spec);
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return renderCompactJson(value);
  return String(value);
}

/** @param {import('./types.mjs').TypeDef} def */
export function tableHeader(def) {
  return ['NAMESPACE', 'TYPE', 'ID', 'VERSION', ...def.columns.map(([name]) => name)];
}

/** @param {import('./types.mjs').TypeDef} def */
export function tableRow(def, r) {
  const md = r.metadata;
  return [
    md.namespace,
    def.display,
    md.id,
    String(md.version),
    ...def.columns.map(([, path]) => cell(r.spec, path)),
  ];
}

/**
 * @param {import('./types.mjs').TypeDef} def
 * @param {any[]} resources
 * @param {{kind: string, template: string}} format
 */
export function renderResources(def, resources, format) {
  switch (format.kind) {
    case 'table':
      return renderTable([tableHeader(def), ...resources.map((r) => tableRow(def, r))]);
    case 'json':
      return resources.map(renderJsonObject).join('');
    case 'yaml':
      return resources.map((r) => renderResourceYaml(r)).join('---\n');
    default:
      return renderJsonPath(format.template, resources);
  }
}

/** One watch event in json/yaml; `first` decides the `---` separator. */
export function renderWatchEvent(event, r, format, first) {
  if (format.kind === 'json') return renderJsonObject({ event, ...r });
  if (format.kind === 'yaml') return `${first ? '' : '---\n'}event: ${event}\n${renderResourceYaml(r)}`;
  return renderJsonPath(format.template, [r]);
}
