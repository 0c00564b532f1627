// Slack keeps these ids inside messages already posted: renaming one breaks old buttons.
export const ACTION = {
  requestRemoval: 'stuck.request-removal',
  requestRemovalAll: 'stuck.request-removal-all',
  approve: 'approval.approve',
  approveAnyway: 'approval.approve-anyway',
  reject: 'approval.reject',
  cancelRun: 'run.cancel',
  resumeRun: 'run.resume',
  requestLabelFix: 'labels.request-fix',
  requestTemplateSync: 'template.request-sync',
  diagnose: 'alert.diagnose',
  timeline: 'run.timeline',
} as const;

export const VIEW = { pasteKey: 'approval.paste-key', recoverCluster: 'recover.confirm' } as const;

export const COMMAND = '/omni';
