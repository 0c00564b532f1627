import { PROCEDURES, type ProcedureName } from '../procedures/registry.js';
import { refuse } from '../procedures/shared/plan.js';
import type { ProcedureDefinition, ProcedureReads } from '../procedures/shared/procedure-definition.js';
import type { ProcedureDef } from './approval-deps.js';
import { createProcedureReads, type ProcedureReadsDeps } from './procedure-reads.js';

// A definition bound to the bot's reads: what the approval flow plans a stored request with.
export function bindProcedure(definition: ProcedureDefinition, reads: ProcedureReads): ProcedureDef {
  return {
    name: definition.name,
    async plan(params, signal) {
      const parsed = definition.params.safeParse(params);
      if (!parsed.success) return refuse('The stored request is malformed.');
      return definition.plan(parsed.data, reads, signal);
    },
  };
}

/** Every procedure of the registry (procedures/registry.ts), by name, planned from the real sources. */
export function createProcedures(deps: ProcedureReadsDeps): Record<ProcedureName, ProcedureDef> {
  const reads = createProcedureReads(deps);
  return Object.fromEntries(PROCEDURES.map((p) => [p.name, bindProcedure(p, reads)])) as Record<
    ProcedureName,
    ProcedureDef
  >;
}
