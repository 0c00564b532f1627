import { VIEW } from '../action-ids.js';
import { escapeMrkdwn, plain } from './block-kit.js';

// A plain-text input: Slack shows what is typed, but the bot never echoes, logs or stores it.
export function pasteKeyModal(requestId: string) {
  return {
    type: 'modal' as const,
    callback_id: VIEW.pasteKey,
    private_metadata: requestId,
    title: plain('Approve key rotation', 24),
    submit: plain('Approve and run', 24),
    close: plain('Cancel', 24),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Paste the provider's new key (\`OMNI_SERVICE_ACCOUNT_KEY\` from Omni) to approve request \`${escapeMrkdwn(requestId)}\`. It goes only into the provider's env file.`,
        },
      },
      {
        type: 'input',
        block_id: 'key',
        label: plain('New provider key', 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: false, min_length: 40 },
      },
    ],
  };
}
