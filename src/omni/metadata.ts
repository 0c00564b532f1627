import { z } from 'zod';

// `-o json` is a YAML round trip (notes §2.2): an empty label value arrives as null, "8" as 8,
// and "true" as true, so label and annotation values are not always strings.
const LabelValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const Labels = z.record(z.string(), LabelValue);
export type Labels = z.infer<typeof Labels>;

/** COSI metadata as omnictl prints it; `version` is the string `undefined` for virtual resources. */
export const Metadata = z.object({
  namespace: z.string(),
  type: z.string(),
  id: z.string(),
  version: z.union([z.number(), z.string()]),
  owner: z.string().nullable(),
  phase: z.enum(['running', 'tearingDown']),
  created: z.string(),
  updated: z.string(),
  labels: Labels.optional(),
  annotations: Labels.optional(),
  finalizers: z.array(z.string()).optional(),
});
export type Metadata = z.infer<typeof Metadata>;

/** A `{metadata, spec}` document with the given spec schema. */
export function resourceWith<Spec extends z.ZodType>(spec: Spec) {
  return z.object({ metadata: Metadata, spec });
}
