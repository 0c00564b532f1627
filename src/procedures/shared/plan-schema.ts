import { z } from 'zod';
import type { Plan } from './plan.js';

// A plan as the store keeps it (JSON): read back, it is checked against this shape so the rest of
// the bot holds a `Plan`, not a guess. Objects are loose: a key this version does not know is kept
// as written, never dropped, so what was approved is what is read.
const omnictlStep = z.looseObject({
  kind: z.literal('omnictl'),
  title: z.string(),
  args: z.array(z.string()),
  timeoutMs: z.number(),
  mutating: z.boolean(),
  expectFailure: z.literal('read-only').optional(),
  onlyIfPreviousRefused: z.boolean().optional(),
  cancelLeaves: z.string().optional(),
});

const waitGoneStep = z.looseObject({
  kind: z.literal('wait-gone'),
  title: z.string(),
  machineIds: z.array(z.string()),
  timeoutMs: z.number(),
  pollMs: z.number(),
});

const verifyGoneStep = z.looseObject({
  kind: z.literal('verify-gone'),
  title: z.string(),
  args: z.array(z.string()),
  machineIds: z.array(z.string()),
});

const sshStep = z.looseObject({
  kind: z.literal('ssh'),
  title: z.string(),
  host: z.string(),
  cwd: z.string(),
  argv: z.array(z.string()),
  timeoutMs: z.number(),
  mutating: z.boolean(),
  pointOfNoReturn: z.boolean().optional(),
  cancelLeaves: z.string().optional(),
});

const waitProviderStep = z.looseObject({
  kind: z.literal('wait-provider'),
  title: z.string(),
  providerId: z.string(),
  timeoutMs: z.number(),
  pollMs: z.number(),
});

const installKeyStep = z.looseObject({
  kind: z.literal('install-provider-key'),
  title: z.string(),
  source: z.enum(['renew', 'pasted']),
  providerId: z.string(),
  host: z.string(),
  envFile: z.string(),
  timeoutMs: z.number(),
});

const waitClusterGoneStep = z.looseObject({
  kind: z.literal('wait-cluster-gone'),
  title: z.string(),
  cluster: z.string(),
  timeoutMs: z.number(),
  pollMs: z.number(),
});

const verifyNoOrphansStep = z.looseObject({
  kind: z.literal('verify-no-orphans'),
  title: z.string(),
  cluster: z.string(),
});

const step = z.discriminatedUnion('kind', [
  omnictlStep,
  waitGoneStep,
  verifyGoneStep,
  sshStep,
  waitProviderStep,
  installKeyStep,
  waitClusterGoneStep,
  verifyNoOrphansStep,
]);

const target = z.discriminatedUnion('kind', [
  z.looseObject({
    kind: z.literal('machine'),
    id: z.string(),
    hostname: z.string(),
    cluster: z.string(),
    role: z.string(),
    stageName: z.string(),
    phase: z.string(),
    finalizers: z.array(z.string()),
    connected: z.boolean(),
  }),
  z.looseObject({
    kind: z.literal('cluster'),
    id: z.string(),
    template: z.string(),
    state: z.string(),
    change: z.string().optional(),
  }),
  z.looseObject({
    kind: z.literal('provider'),
    id: z.string(),
    name: z.string(),
    connected: z.boolean(),
    lastHeartbeat: z.string().nullable(),
  }),
]);

const templateSnapshotRef = z.looseObject({
  hash: z.string(),
  files: z.array(z.looseObject({ path: z.string(), sha256: z.string() })),
});

export const planSchema = z.looseObject({
  procedure: z.string(),
  title: z.string(),
  cluster: z.string().nullable(),
  targets: z.array(target),
  steps: z.array(step),
  risks: z.array(z.string()),
  approvalsNeeded: z.number(),
  cooldownOverride: z.boolean().optional(),
  needsSecret: z.boolean().optional(),
  preview: z.string().optional(),
  templateSnapshot: templateSnapshotRef.optional(),
  vmCheck: z
    .looseObject({
      readAt: z.string(),
      note: z.string().optional(),
      lines: z.array(z.looseObject({ id: z.string(), hostname: z.string(), text: z.string() })),
    })
    .optional(),
  needsOverride: z.looseObject({ reason: z.string() }).optional(),
  fingerprint: z.string(),
  resumed: z.looseObject({ at: z.number(), cancelLeaves: z.string().optional() }).optional(),
});

// The schema and the type must describe the same plan: a field added to one and not the other
// fails to compile here.
type Parsed = z.infer<typeof planSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Strip<T> = T extends object
  ? T extends readonly (infer U)[]
    ? Strip<U>[]
    : { [K in keyof T as string extends K ? never : K]: Strip<T[K]> }
  : T;
const schemaMatchesType: Same<Strip<Parsed>, Strip<Plan>> = true;
void schemaMatchesType;

export type PlanParse = { ok: true; plan: Plan } | { ok: false; error: string };

// What is wrong with a plan that does not parse, by path: "steps.2.args: expected array".
export function parsePlan(value: unknown): PlanParse {
  const result = planSchema.safeParse(value);
  if (result.success) return { ok: true, plan: result.data };
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(plan)'}: ${issue.message}`);
  return { ok: false, error: issues.join('; ') };
}
