// What `/readyz` reports: each part says whether it works and, when not, why.
type ComponentState = { ok: boolean; detail?: string; since: string };
export type Readiness = ReturnType<typeof createReadiness>;

export function createReadiness(components: readonly string[], clock: () => Date) {
  const states = new Map<string, ComponentState>(
    components.map((name) => [name, { ok: false, detail: 'not checked yet', since: clock().toISOString() }]),
  );
  return {
    set(name: string, ok: boolean, detail?: string): void {
      const previous = states.get(name);
      if (previous && previous.ok === ok && previous.detail === detail) return;
      states.set(name, { ok, detail, since: clock().toISOString() });
    },
    isReady(): boolean {
      return [...states.values()].every((state) => state.ok);
    },
    snapshot(): Record<string, ComponentState> {
      return Object.fromEntries(states);
    },
  };
}
