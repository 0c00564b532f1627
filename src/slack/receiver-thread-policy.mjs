// @ts-check
// What the receiver thread may answer without the main thread (receiver-thread.mjs). Plain
// JavaScript: the thread loads it with Node alone.

/**
 * Requests whose listener acks at once with no body and no condition: the bot's slash command and
 * clicks on the bot's own buttons. Modal submissions (their ack carries errors), unknown commands
 * and unknown action ids wait for Bolt's own answer.
 * @param {Record<string, unknown>} body the parsed request body
 * @param {{ commands: ReadonlySet<string>, actionIds: ReadonlySet<string> }} ids
 */
export function answeredAtOnce(body, ids) {
  if (typeof body.command === 'string') return ids.commands.has(body.command);
  if (body.type !== 'block_actions' || !Array.isArray(body.actions) || body.actions.length !== 1)
    return false;
  const actionId = /** @type {{ action_id?: unknown } | null} */ (body.actions[0])?.action_id;
  return typeof actionId === 'string' && ids.actionIds.has(actionId);
}

/**
 * The main thread is answering while nothing handed to it has waited `stuckMs` or longer unseen.
 * @param {ReadonlyMap<number, number>} unreceived handed-over time per request, oldest first
 * @param {number} now
 * @param {number} stuckMs
 */
export function mainAnswering(unreceived, now, stuckMs) {
  const oldest = unreceived.values().next().value;
  return oldest === undefined || now - oldest < stuckMs;
}
