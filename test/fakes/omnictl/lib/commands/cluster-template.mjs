// `cluster template sync|diff|validate|status|delete -f FILE` (operations/*.go).

import { readFileSync } from 'node:fs';
import { CliError } from '../cli-error.mjs';
import { renderResourceYaml } from '../render-yaml.mjs';
import { loadTemplateFile } from '../template/load-template.mjs';
import { applyPlan, planDelete, planLines, planSync, tearDownCluster } from '../template/plan-sync.mjs';
import { unifiedDiff } from '../template/unified-diff.mjs';
import { printClusterStatus, STATUS_FLAGS } from './cluster-status.mjs';

const FILE_FLAG = { file: { short: 'f', value: true }, 'allowed-dir': { value: true, default: './' } };

function requireFile(ctx) {
  if (!ctx.flags.file) throw new CliError('required flag(s) "file" not set');
  return ctx.flags.file;
}

/** cobra checks required flags before the command runs (so before any API call). */
const preflight = (flags) => requireFile({ flags });

/** How `diff` and `sync -v` show a resource: go-yaml with indent 2; new ones carry no metadata yet. */
function diffYaml(r, isNew) {
  if (!r) return '';
  const copy = structuredClone(r);
  if (isNew) {
    copy.metadata.version = 'undefined';
    copy.metadata.created = '0001-01-01T00:00:00Z';
    copy.metadata.updated = '0001-01-01T00:00:00Z';
    delete copy.metadata.finalizers;
  }
  return renderResourceYaml(copy, 2);
}

const path = (r) => (r ? `${r.metadata.type}(${r.metadata.namespace}/${r.metadata.id})` : '/dev/null');

function renderDiff(oldR, newR, newIsNew) {
  const hunks = unifiedDiff(diffYaml(oldR, false), diffYaml(newR, newIsNew));
  return hunks === '' ? '' : `--- ${path(oldR)}\n+++ ${path(newR)}\n${hunks}`;
}

function planDiffs(plan) {
  return [
    ...plan.update.map(({ old, next }) => renderDiff(old, next, false)),
    ...plan.create.map((r) => renderDiff(null, r, true)),
    ...plan.destroy.flat().map((r) => renderDiff(r, null, false)),
  ].join('');
}

const syncCommand = {
  preflight,
  flags: {
    ...FILE_FLAG,
    'dry-run': { short: 'd' },
    verbose: { short: 'v' },
    'destroy-disconnected-machines': {},
  },
  args: [0, 0],
  api: true,
  /** @param {any} ctx */
  run(ctx) {
    const file = requireFile(ctx);
    let tmpl;
    try {
      tmpl = loadTemplateFile(file);
    } catch (error) {
      throw new CliError(`failed to sync template "${file}": ${error.message}`);
    }
    const dryRun = Boolean(ctx.flags['dry-run']);
    const plan = dryRun
      ? planSync(ctx.state, tmpl, ctx.now())
      : ctx.mutate((s, now) => {
          const p = planSync(s, tmpl, now);
          applyPlan(s, p, now);
          s.templates[tmpl.clusterName] = readFileSync(file, 'utf8');
          return p;
        });
    ctx.out(
      planLines(plan, dryRun)
        .map((line) => `${line}\n`)
        .join(''),
    );
    if (ctx.flags.verbose) ctx.out(planDiffs(plan));
    return 0;
  },
};

const diffCommand = {
  preflight,
  flags: FILE_FLAG,
  args: [0, 0],
  api: true,
  /** @param {any} ctx */
  run(ctx) {
    const tmpl = loadTemplateFile(requireFile(ctx));
    ctx.out(planDiffs(planSync(ctx.state, tmpl, ctx.now())));
    return 0;
  },
};

const validateCommand = {
  preflight,
  flags: FILE_FLAG,
  args: [0, 0],
  api: false,
  /** @param {any} ctx */
  run(ctx) {
    loadTemplateFile(requireFile(ctx));
    return 0;
  },
};

const statusCommand = {
  preflight,
  flags: { ...FILE_FLAG, ...STATUS_FLAGS },
  args: [0, 0],
  api: true,
  /** @param {any} ctx */
  run: (ctx) => printClusterStatus(ctx, loadTemplateFile(requireFile(ctx)).clusterName),
};

/** Deletes what the template created; the cluster's machines then tear down (see README). */
export function deleteCluster(ctx, clusterName, dryRun) {
  const plan = dryRun
    ? planDelete(ctx.state, clusterName)
    : ctx.mutate((s, now) => tearDownCluster(s, clusterName, now));
  ctx.out(
    planLines(plan, dryRun)
      .map((line) => `${line}\n`)
      .join(''),
  );
  return 0;
}

export const DELETE_FLAGS = {
  'dry-run': { short: 'd' },
  verbose: { short: 'v' },
  'destroy-disconnected-machines': {},
};

const deleteCommand = {
  preflight,
  flags: { ...FILE_FLAG, ...DELETE_FLAGS },
  args: [0, 0],
  api: true,
  /** @param {any} ctx */
  run: (ctx) =>
    deleteCluster(ctx, loadTemplateFile(requireFile(ctx)).clusterName, Boolean(ctx.flags['dry-run'])),
};

export const templateCommands = {
  sync: syncCommand,
  diff: diffCommand,
  validate: validateCommand,
  status: statusCommand,
  delete: deleteCommand,
};

export const clusterDeleteCommand = {
  flags: DELETE_FLAGS,
  args: [1, 1],
  api: true,
  /** @param {any} ctx */
  run: (ctx) => deleteCluster(ctx, ctx.positional[0], Boolean(ctx.flags['dry-run'])),
};
