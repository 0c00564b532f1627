import type { OmnictlStep } from './plan.js';

export type TemplateTimeouts = { commandMs: number; statusWait: string; statusMs: number };

// validate → sync → status --wait: the template is applied only after omnictl accepts it, then checked.
export function syncSteps(templatePath: string, t: TemplateTimeouts): OmnictlStep[] {
  return [
    {
      kind: 'omnictl',
      title: 'Validate the template',
      args: ['cluster', 'template', 'validate', '-f', templatePath],
      timeoutMs: t.commandMs,
      mutating: false,
    },
    {
      kind: 'omnictl',
      title: 'Sync the template into Omni',
      args: ['cluster', 'template', 'sync', '-f', templatePath],
      timeoutMs: t.commandMs,
      mutating: true,
    },
    {
      kind: 'omnictl',
      title: 'Wait until the cluster is healthy',
      args: ['cluster', 'template', 'status', '-f', templatePath, '--wait', t.statusWait],
      timeoutMs: t.statusMs,
      mutating: false,
    },
  ];
}
