import type { Logger } from 'pino';
import type { StuckMachinesReport } from '../procedures/find-stuck-machines.js';
import type { Outcome } from '../recovery/outcome.js';
import type { Messenger } from './slack-messenger.js';
import type { SlackMessage } from './views/block-kit.js';

// The use cases the chat layer may call; it knows nothing of how they are carried out.
export type UseCases = {
  stuckMachines(input: { cluster?: string }): Promise<Outcome<StuckMachinesReport>>;
};

export type CommandContext = {
  userId: string;
  channelId: string;
  // Visible only to the person who ran the command.
  respond(message: SlackMessage): Promise<void>;
  messenger: Messenger;
  logger: Logger;
};

export type CommandOutcome = 'ok' | 'usage' | 'denied' | 'failed';
