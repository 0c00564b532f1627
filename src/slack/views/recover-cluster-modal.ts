import { VIEW } from '../action-ids.js';
import { escapeMrkdwn, plain } from './block-kit.js';

// The requester types the cluster's name: a deliberate act, not a click on the wrong line.
export function recoverClusterModal(cluster: string, channel: string) {
  return {
    type: 'modal' as const,
    callback_id: VIEW.recoverCluster,
    private_metadata: JSON.stringify({ cluster, channel }),
    title: plain('Recover a cluster', 24),
    submit: plain('Request approval', 24),
    close: plain('Cancel', 24),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*This deletes every node of \`${escapeMrkdwn(cluster)}\` and redeploys it from its template.* Longhorn volumes and any other data on the nodes are lost unless backed up outside the cluster. Two approvers other than you must agree.`,
        },
      },
      {
        type: 'input',
        block_id: 'name',
        label: plain('Type the cluster name to confirm', 2000),
        element: { type: 'plain_text_input', action_id: 'value' },
      },
      {
        type: 'input',
        block_id: 'reason',
        label: plain('Why', 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500 },
      },
    ],
  };
}
