import type { ActionAnswer, Snapshot } from '../demo-types.js';

// The demo API: one snapshot per poll, one POST per thing a person does.
export async function fetchSnapshot(user: string): Promise<Snapshot> {
  const response = await fetch(`/api/state?user=${encodeURIComponent(user)}`);
  if (!response.ok) throw new Error(`state: HTTP ${response.status}`);
  return (await response.json()) as Snapshot;
}

export async function postAction(action: string, body: Record<string, unknown>): Promise<ActionAnswer> {
  try {
    const response = await fetch(`/api/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as ActionAnswer;
  } catch (error) {
    return { ok: false, problem: `The playground did not answer: ${(error as Error).message}` };
  }
}
