// BENCH_QUICK=1 runs every benchmark with tiny sizes, so CI can check that `npm run bench` still
// works end to end (test/integration/benchmarks.test.ts). Its figures mean nothing.
export const QUICK = process.env.BENCH_QUICK === '1';

export function sized<T>(full: T, quick: T): T {
  return QUICK ? quick : full;
}
