// What alert-run.ts measures and prints; apart, so importing it runs no benchmark.
export type AlertResult = { intervalMs: number; boundMs: number; samples: number[] };
