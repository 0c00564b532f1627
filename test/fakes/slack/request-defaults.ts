import { randomBytes } from 'node:crypto';
import { resolveFakeSlackOptions } from './resolve-fake-slack-options.js';

// The default fake workspace, so request builders need only ids.
export const workspaceDefaults = resolveFakeSlackOptions();

// Deprecated verification token every Slack payload still carries; Bolt ignores it.
export const FAKE_VERIFICATION_TOKEN = 'fakeVerificationToken0000';

let triggerCounter = 0;

// Unique per call, since views.open accepts a trigger_id only once.
export function newTriggerId(): string {
  triggerCounter += 1;
  return `${Date.now()}${String(triggerCounter).padStart(3, '0')}.1234567890123.${randomBytes(16).toString('hex')}`;
}

export function defaultUserName(userId: string): string {
  return workspaceDefaults.users.find((user) => user.id === userId)?.name ?? userId.toLowerCase();
}

export function defaultChannelName(channelId: string): string {
  return (
    workspaceDefaults.channels.find((channel) => channel.id === channelId)?.name ?? channelId.toLowerCase()
  );
}
