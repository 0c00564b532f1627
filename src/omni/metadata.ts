import { z } from 'zod';
import type { Labels as LabelMap, LabelValue } from '../omni-model/labels.js';

function isLabelValue(value: unknown): value is LabelValue {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

function isLabels(value: unknown): value is LabelMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const key in value) if (!isLabelValue((value as Record<string, unknown>)[key])) return false;
  return true;
}

// Names the first bad label by its key (never its value) so the operator can find it in Omni.
function labelsProblem(value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'Expected a map of string, number, boolean or null values';
  const bad = Object.keys(value).find((key) => !isLabelValue((value as Record<string, unknown>)[key]));
  return `Label ${JSON.stringify(bad)} has a value that is not a string, number, boolean or null`;
}

/**
 * A label map, checked in one pass and kept as parsed: a zod record of a union copied every label
 * (30,000 documents per fleet read) and took more than half of the schema check's time.
 */
const Labels = z.custom<LabelMap>(isLabels, { error: (issue) => labelsProblem(issue.input) });

/**
 * COSI metadata as omnictl prints it, only the fields the bot reads (zod drops the rest):
 * namespace, type, version, owner, created and annotations are not checked.
 */
const Metadata = z.object({
  id: z.string(),
  phase: z.enum(['running', 'tearingDown']),
  updated: z.string(),
  labels: Labels.optional(),
  finalizers: z.array(z.string()).optional(),
});

/** A `{metadata, spec}` document with the given spec schema. */
export function resourceWith<Spec extends z.ZodType>(spec: Spec) {
  return z.object({ metadata: Metadata, spec });
}
