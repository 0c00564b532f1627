// What act-run.ts measures and prints; apart, so importing it runs no benchmark.
export type ActTrial = {
  actMs: number;
  actFloorMs: number;
  replanReads: number;
  runWallMs: number;
  omniBusyMs: number;
  omnictlCalls: number;
  succeeded: boolean;
  firstMutating: string;
};
export type ActResult = { teardownMs: number; trials: ActTrial[] };
