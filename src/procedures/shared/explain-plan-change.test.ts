import { describe, expect, it } from 'vitest';
import { explainPlanChange } from './explain-plan-change.js';
import type { Plan } from './plan.js';

const plan = (overrides: Partial<Plan> = {}): Plan => ({
  procedure: 'sync-template',
  title: 'Sync',
  cluster: 'talos-prod',
  targets: [],
  steps: [],
  risks: [],
  approvalsNeeded: 1,
  fingerprint: 'x',
  ...overrides,
});
const snapshot = (files: Record<string, string>) => ({
  hash: JSON.stringify(files),
  files: Object.entries(files).map(([path, sha256]) => ({ path, sha256 })),
});

describe('explainPlanChange', () => {
  it('names the template files that changed, were added or dropped', () => {
    const approved = plan({
      templateSnapshot: snapshot({
        'clusters/a.yaml': '1',
        'clusters/p/x.yaml': '2',
        'clusters/p/y.yaml': '3',
      }),
    });
    const current = plan({
      templateSnapshot: snapshot({
        'clusters/a.yaml': '1',
        'clusters/p/x.yaml': '9',
        'clusters/p/z.yaml': '4',
      }),
    });

    expect(explainPlanChange(approved, current)).toBe(
      'The template changed since the request: clusters/p/x.yaml was edited, clusters/p/y.yaml is no longer used, clusters/p/z.yaml was added. The card no longer shows what would run. Nothing ran; request it again to see the new plan.',
    );
  });

  it('says the diff changed when the files did not', () => {
    const files = snapshot({ 'clusters/a.yaml': '1' });

    const why = explainPlanChange(
      plan({ templateSnapshot: files, preview: '+a' }),
      plan({ templateSnapshot: files, preview: '+b' }),
    );

    expect(why).toContain('`cluster template diff` no longer shows what the card showed');
  });

  it('falls back to the targets for other plans', () => {
    expect(explainPlanChange(plan({ procedure: 'remove-machines' }), plan())).toContain(
      'the targets are no longer in the state the approval card showed',
    );
  });
});
