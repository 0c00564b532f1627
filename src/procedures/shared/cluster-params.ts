import { z } from 'zod';
import { isClusterName } from '../../omni-model/identifiers.js';

// The parameters of a procedure on one cluster, as its request stores them.
export const ClusterParams = z.object({ cluster: z.string().refine(isClusterName) });
