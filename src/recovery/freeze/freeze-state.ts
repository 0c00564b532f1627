import type { Logger } from 'pino';
import type { Store } from '../../store/create-store.js';
import type { FreezeRecord } from '../../store/freeze-store.js';

// A freeze in force. `unreadable`: the store could not say, so the bot holds itself frozen.
export type Freeze = FreezeRecord & { unreadable?: boolean };

export const UNREADABLE_REASON =
  'the freeze state could not be read (see the bot log); the bot holds itself frozen until it can';

/**
 * Whether changes are frozen now. Fails closed: any error reading the store means frozen, since
 * a bot that cannot tell must not run destructive procedures.
 */
export async function readFreeze(deps: {
  store: Pick<Store, 'freeze'>;
  clock: () => Date;
  logger?: Logger;
}): Promise<Freeze | undefined> {
  try {
    return await deps.store.freeze.get();
  } catch (error) {
    deps.logger?.error({ err: error }, 'freeze state unreadable: treating the bot as frozen');
    return { by: 'bot', since: deps.clock().toISOString(), reason: UNREADABLE_REASON, unreadable: true };
  }
}

// One sentence for a refusal or a run's summary; text, not mrkdwn (the reason is user text). With
// `mention`, the approver is named as `<@U…>` (the caller passes them on as a mention).
export function describeFreeze(freeze: Freeze, options: { mention?: boolean } = {}): string {
  if (freeze.unreadable) return `Changes are frozen: ${freeze.reason}.`;
  const who = freeze.by === 'bot' ? 'the bot' : options.mention ? `<@${freeze.by}>` : freeze.by;
  return `Changes are frozen since ${freeze.since} by ${who}: ${freeze.reason}`;
}

export function freezeMentions(freeze: Freeze | undefined): string[] {
  return freeze && !freeze.unreadable && freeze.by !== 'bot' ? [freeze.by] : [];
}
