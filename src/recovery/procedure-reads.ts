import type { Config } from '../config.js';
import { clusterKind } from '../omni/cluster-resources.js';
import type { Omnictl } from '../omni/run-omnictl.js';
import type { ProcedureReads, ProcedureTimeouts } from '../procedures/shared/procedure-definition.js';
import type { ProxmoxClient } from '../proxmox/create-proxmox-client.js';
import type { Store } from '../store/create-store.js';
import { snapshotTemplate } from '../templates/snapshot-template.js';
import { diagnoseCluster } from './label-loop-report.js';
import { readFleet } from './read-fleet.js';
import { readProvider } from './read-provider.js';
import { readTemplate, templateDiff } from './read-template.js';
import { readVms } from './read-vms.js';

export type ProcedureReadsDeps = {
  omnictl: Omnictl;
  clock: () => Date;
  config: Pick<Config, 'stuckAfterMs' | 'provider' | 'templatesDir' | 'snapshotsDir' | 'recoverApprovals'>;
  store: Store;
  proxmox?: ProxmoxClient;
  timeouts?: ProcedureTimeouts;
};

// A second restart within ten minutes is most likely a restart that did not help.
const RESTART_COOLDOWN_MS = 10 * 60_000;

/** The reads procedures plan from (procedures/shared/procedure-definition.ts), over the real sources. */
export function createProcedureReads(deps: ProcedureReadsDeps): ProcedureReads {
  const { omnictl, config } = deps;
  const ssh = config.provider.ssh;
  return {
    now: deps.clock,
    settings: {
      stuckAfterMs: config.stuckAfterMs,
      restartCooldownMs: RESTART_COOLDOWN_MS,
      recoverApprovals: config.recoverApprovals,
      ...(ssh ? { providerHost: `${ssh.user}@${ssh.host}` } : {}),
      composeDir: config.provider.composeDir,
      envFile: config.provider.envFile,
      ...(deps.timeouts ? { timeouts: deps.timeouts } : {}),
    },
    fleet: (signal) => readFleet(omnictl, signal),
    vms: async (signal) => (deps.proxmox ? readVms(deps.proxmox, signal) : undefined),
    provider: () => readProvider(omnictl, config.provider.id),
    lastRun: (procedure) => deps.store.latestRun.latest(procedure),
    clusterNames: async () => (await omnictl.get(clusterKind)).map((c) => c.metadata.id),
    template: async (cluster) => {
      const ctx = await readTemplate(config.templatesDir, cluster);
      return ctx.ok
        ? { ok: true, value: { template: ctx.value.template, findings: ctx.value.findings } }
        : ctx;
    },
    snapshot: async (template) => {
      const snapshot = await snapshotTemplate(template, config.snapshotsDir, deps.clock());
      return {
        path: snapshot.templatePath,
        shownPath: template.path,
        hash: snapshot.hash,
        files: snapshot.files,
      };
    },
    templateDiff: async (templatePath) => {
      const diff = await templateDiff(omnictl, templatePath);
      return diff.ok ? { ok: true, value: diff.diff } : diff;
    },
    labelLoop: async (cluster) => {
      const diagnosis = await diagnoseCluster({ omnictl, templatesDir: config.templatesDir }, cluster);
      if (!diagnosis.ok) return diagnosis;
      const { report, context, fleet } = diagnosis;
      return { ok: true, value: { report, template: context.template, findings: context.findings, fleet } };
    },
  };
}
