import type { z } from 'zod';

/**
 * What `omnictl get` needs to fetch and check one resource type. `type` is the full lower-case
 * plural (short aliases such as `cms` are ambiguous on the server, notes §2.7); `namespace` is
 * set only where the type does not live in `default`.
 */
export type ResourceKind<T> = {
  readonly type: string;
  readonly namespace?: string;
  readonly schema: z.ZodType<T>;
};
