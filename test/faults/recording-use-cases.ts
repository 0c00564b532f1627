import pino from 'pino';
import type { ActionContext } from '../../src/slack/actions/action-context.js';
import type { UseCases } from '../../src/slack/command-context.js';
import type { SlackMessage } from '../../src/slack/views/block-kit.js';

export type UseCaseCall = { name: string; args: unknown[] };

// Use cases that only record what the chat layer asked of them, and say no to everything.
export function recordingUseCases(calls: UseCaseCall[]): UseCases {
  const denied = { ok: false as const, problem: { kind: 'denied', message: 'Denied by the test.' } };
  return new Proxy({} as UseCases, {
    get(_target, name) {
      return (...args: unknown[]) => {
        calls.push({ name: String(name), args });
        if (name === 'permissions') return { canRequest: false, canApprove: false };
        if (name === 'history') return Promise.resolve([]);
        if (name === 'freezeState') return Promise.resolve(undefined);
        return Promise.resolve(denied);
      };
    },
  });
}

// A click from `userId` carrying `value`; what the handler tells the clicker is kept in `told`, what
// it posts in the clicked message's thread in `threaded` (`told` too unless given).
export function buttonContext(
  value: string,
  told: SlackMessage[],
  opened: unknown[],
  threaded: SlackMessage[] = told,
): ActionContext {
  const context = {
    userId: 'U0MALLORY',
    channelId: 'C0OPS',
    value,
    actor: async () => ({ userId: 'U0MALLORY', groups: [] }),
    tell: async (message: SlackMessage) => {
      told.push(message);
    },
    replyInThread: async (message: SlackMessage) => {
      threaded.push(message);
      return { ok: true as const, ts: `1767000000.${String(threaded.length).padStart(6, '0')}` };
    },
    openModal: async (view: unknown) => {
      opened.push(view);
    },
    logger: pino({ level: 'silent' }),
  };
  // A cast, not a literal of the type: the context grows members that these handlers do not use.
  return context as ActionContext;
}
