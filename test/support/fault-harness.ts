// Fault tests change the bot's overrides (Slack retries, step timeouts) through `overrides`.
import { type HarnessOptions, startHarness } from './bot-harness.js';

export type FaultHarnessOptions = HarnessOptions;
export const startFaultHarness = startHarness;
