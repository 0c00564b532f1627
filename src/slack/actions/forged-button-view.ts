import type { SlackMessage } from '../views/block-kit.js';
import { problemView } from '../views/help-view.js';

// What the clicker sees when a button's value is not one the bot could have made.
export function forgedButtonView(): SlackMessage {
  return problemView('This button is not one the bot made (its value is malformed); nothing was done.');
}
