import type { Logger } from 'pino';
import type { Actor } from '../../approvals/access-policy.js';
import type { Messenger, PostResult } from '../slack-messenger.js';
import type { SlackMessage } from '../views/block-kit.js';

// What a button handler needs: who clicked, where, and a way to answer only them.
export type ActionContext = {
  userId: string;
  channelId: string;
  value: string;
  actor(): Promise<Actor>;
  tell(message: SlackMessage): Promise<void>;
  // Posts under the clicked message (in its thread), for read-only answers everyone should see;
  // Slack's refusal (`not_in_channel`, …) comes back as a value.
  replyInThread(message: SlackMessage): Promise<PostResult>;
  // Opens a modal for the clicker (needs the click's trigger_id, valid for 3 s).
  openModal(view: Record<string, unknown>): Promise<void>;
  logger: Logger;
  // The Slack calls of the clicked app (a file upload into the thread).
  messenger?: Messenger;
};
