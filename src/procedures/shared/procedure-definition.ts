import type { z } from 'zod';
import type { ClusterVm } from '../../proxmox/proxmox-resources.js';
import type { ClusterTemplate } from '../../templates/cluster-template.js';
import type { ProviderFacts } from '../diagnostics/assess-provider.js';
import type { LabelFinding } from '../diagnostics/check-node-labels.js';
import type { LabelLoopReport } from '../diagnostics/diagnose-label-loop.js';
import type { FleetSnapshot } from './fleet-snapshot.js';
import type { PlanResult, Target, TemplateDiff, TemplateSource } from './plan.js';

export type ProcedureTimeouts = { commandMs?: number; waitMs?: number; pollMs?: number; statusMs?: number };

type Read<T> = { ok: true; value: T } | { ok: false; error: string };

// The bot's settings a planner needs; from the configuration, the same for every request.
export type ProcedureSettings = {
  stuckAfterMs: number;
  // A second provider restart within this needs an approver to override it.
  restartCooldownMs: number;
  recoverApprovals: number;
  // The provider host as `user@host`, when one is configured.
  providerHost?: string;
  composeDir: string;
  envFile: string;
  timeouts?: ProcedureTimeouts;
};

/**
 * What a procedure may read to make its plan. recovery/procedure-reads.ts implements it over
 * omnictl, Proxmox, the template directory and the store; a definition only says which reads it
 * needs, so nothing under procedures/ does IO.
 */
export type ProcedureReads = {
  now(): Date;
  settings: ProcedureSettings;
  fleet(signal?: AbortSignal): Promise<FleetSnapshot>;
  // Every VM as Proxmox lists them, or why not; undefined when Proxmox is not configured.
  vms(signal?: AbortSignal): Promise<{ vms: ClusterVm[] } | { vms: undefined; note: string } | undefined>;
  provider(): Promise<ProviderFacts>;
  // The latest run of a procedure: when it finished, or when it began if it is still running.
  lastRun(procedure: string): Promise<{ at: string; running: boolean } | undefined>;
  clusterNames(): Promise<string[]>;
  template(cluster: string): Promise<Read<{ template: ClusterTemplate; findings: LabelFinding[] }>>;
  // The template and its patch files copied where no later edit reaches them; every step runs from there.
  snapshot(template: ClusterTemplate): Promise<TemplateSource>;
  // `cluster template diff` (read-only), secret-looking values hidden, hashed as omnictl printed it.
  templateDiff(templatePath: string): Promise<Read<TemplateDiff>>;
  // The label-loop diagnosis of one cluster (template, fleet and machine logs).
  labelLoop(cluster: string): Promise<
    Read<{
      report: LabelLoopReport;
      template: ClusterTemplate;
      findings: LabelFinding[];
      fleet: FleetSnapshot;
    }>
  >;
};

// How a procedure is asked for with `/omni <word>`, as help and the usage message show it. Its
// arguments are read by slack/parse-command.ts (the chat grammar); a procedure without one is
// requested from a report's button.
export type ProcedureCommand = { word: string; usage: string; summary: string; example: string };

/**
 * One procedure of the runbook, whole: its name, the parameters a request stores, and how it is
 * planned from what it reads. The registry (procedures/registry.ts) lists them; the command
 * parser, the use cases and the approval flow read them from there.
 */
export type ProcedureDefinition<Name extends string = string, Params = unknown> = {
  name: Name;
  // Stored with the request; parsed again when read back at approval, like anything from outside.
  params: z.ZodType<Params>;
  // What its plan acts on (plans stored before targets had a kind are read by it; typed-target.ts).
  targets: Target['kind'];
  command?: ProcedureCommand;
  // Reads what it needs, then plans (pure); at request time and again at approval.
  plan(params: Params, reads: ProcedureReads, signal?: AbortSignal): Promise<PlanResult>;
};

// Keeps the name's literal type, so the registry knows every name.
export function defineProcedure<const Name extends string, Params>(
  definition: ProcedureDefinition<Name, Params>,
): ProcedureDefinition<Name, Params> {
  return definition;
}
