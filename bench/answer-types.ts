// What answer-run.ts measures and prints; apart, so importing it runs no benchmark.
export const ANSWER_COMMANDS = ['stuck-machines', 'status', 'drift'] as const;
export type AnswerCommand = (typeof ANSWER_COMMANDS)[number];
export type AnswerSpec = {
  machines: number;
  trials: number;
  rates: number[];
  loadSeconds: number;
  extraEnv?: Record<string, string>;
  main?: string;
};
export type IdleTrial = { command: AnswerCommand; answerMs: number; floorMs: number; reads: number };
export type LoadRun = {
  perSecond: number;
  sent: number;
  answered: number;
  samples: number[];
  // Each command's ack latency (ms): Slack's limit is 3 s.
  acks: number[];
};
export type AnswerResult = { machines: number; idle: IdleTrial[]; load: LoadRun[] };
