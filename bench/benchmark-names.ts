// Every benchmark `npm run bench` runs, in order (bench/<name>.ts).
export const BENCHMARKS = [
  'startup-idle',
  'ack-latency',
  'fleet-scale',
  'progress-economy',
  'time-to-answer',
  'time-to-act',
  'time-to-alert',
  'claim-throughput',
] as const;
