import type { Logger } from 'pino';
import type { Actor } from '../approvals/access-policy.js';
import type { Messenger } from './slack-messenger.js';
import type { SlackMessage } from './views/block-kit.js';

export type { UseCases } from '../recovery/use-cases.js';

export type CommandContext = {
  userId: string;
  channelId: string;
  // Visible only to the person who ran the command.
  respond(message: SlackMessage): Promise<void>;
  messenger: Messenger;
  logger: Logger;
  // Opens a modal for the caller (the command's trigger_id is valid for 3 s).
  openModal(view: Record<string, unknown>): Promise<void>;
  // The caller with the configured user groups they belong to.
  actor(): Promise<Actor>;
};

export type CommandOutcome = 'ok' | 'usage' | 'denied' | 'failed';
