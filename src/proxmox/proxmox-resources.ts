import { z } from 'zod';

// `GET /api2/json/cluster/resources?type=vm`: only the fields the bot reads (notes §5.4–5.5).
// Numbers may come as strings from older PVE releases; `tags` is one `;`-separated string.
export const ClusterVm = z.object({
  vmid: z.coerce.number().int().nonnegative(),
  name: z.string().optional(),
  node: z.string(),
  status: z.string(),
  type: z.enum(['qemu', 'lxc']),
  template: z.coerce.number().optional(),
  tags: z.string().optional(),
  uptime: z.coerce.number().optional(),
});
export type ClusterVm = z.infer<typeof ClusterVm>;

export const ClusterVms = z.object({ data: z.array(z.unknown()) });

// `GET /api2/json/nodes/{node}/qemu/{vmid}/config`: `smbios1` holds the Omni machine id as `uuid=`.
export const VmConfig = z.object({
  data: z.object({ smbios1: z.string().optional(), name: z.string().optional() }),
});

/** The VM's SMBIOS UUID (the Omni machine id the provider gave it), or undefined. */
export function smbiosUuid(smbios1: string | undefined): string | undefined {
  const match = /(?:^|,)uuid=([0-9a-fA-F-]{36})(?:,|$)/.exec(smbios1 ?? '');
  return match?.[1]?.toLowerCase();
}

/** A VM's tags as a list (PVE joins them with `;`; some releases use `,` or spaces). */
export function tagsOf(vm: Pick<ClusterVm, 'tags'>): string[] {
  return (vm.tags ?? '').split(/[;,\s]+/).filter((tag) => tag !== '');
}
