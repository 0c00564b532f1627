import { readState } from '../test/fakes/omnictl/lib/state-store.mjs';
import type { StoredEphemeral, StoredFile, StoredMessage } from '../test/fakes/slack/fake-slack-types.js';
import type { ChannelView, FileView, MessageView, SimulatorView } from './demo-types.js';
import { CHANNELS } from './demo-workspace.js';
import type { DemoStack } from './start-demo-stack.js';
import { summariseSimulator } from './summarise-simulator.js';

// Slack ts values compare as (seconds, micros); as floats they would lose the last digits.
export function compareTs(a: string, b: string): number {
  const [as = '0', am = '0'] = a.split('.');
  const [bs = '0', bm = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(am) - Number(bm);
}

const MAX_FILE_TEXT = 100_000;

function fileView(file: StoredFile): FileView {
  const text = file.bytes.toString('utf8');
  return {
    name: file.name,
    title: file.title,
    size: file.size,
    text: text.slice(0, MAX_FILE_TEXT),
    truncated: text.length > MAX_FILE_TEXT,
  };
}

// The conversation as the person `userId` sees it: everyone's messages plus only their ephemerals.
export function channelView(stack: DemoStack, channelId: string, userId: string): ChannelView {
  const { slack } = stack;
  const names = new Map(slack.options.users.map((u) => [u.id, u.name]));
  names.set(slack.options.botUserId, 'omni');
  const ephemerals = slack.ephemerals(userId).filter((e) => e.channel === channelId);
  const toView = (m: StoredMessage | StoredEphemeral, ephemeral: boolean, replies: MessageView[] = []) => ({
    ts: m.ts,
    user: m.user,
    userName: ephemeral ? 'omni' : (names.get(m.user) ?? m.user),
    isBot: ephemeral || m.user === slack.options.botUserId,
    text: m.text,
    ...(m.blocks ? { blocks: m.blocks } : {}),
    edits: m.edits.length,
    ephemeral,
    replies,
    ...('files' in m && m.files ? { files: m.files.map(fileView) } : {}),
  });
  const repliesTo = (ts: string): MessageView[] =>
    [
      ...slack
        .thread(channelId, ts)
        .slice(1)
        .map((m) => toView(m, false)),
      ...ephemerals.filter((e) => e.threadTs === ts).map((e) => toView(e, true)),
    ].sort((a, b) => compareTs(a.ts, b.ts));
  const messages = [
    ...slack.channelMessages(channelId).map((m) => toView(m, false, repliesTo(m.ts))),
    ...ephemerals.filter((e) => e.threadTs === undefined).map((e) => toView(e, true)),
  ].sort((a, b) => compareTs(a.ts, b.ts));
  const name = slack.options.channels.find((c) => c.id === channelId)?.name ?? channelId;
  return { id: channelId, name, messages };
}

export function channelViews(stack: DemoStack, userId: string): ChannelView[] {
  return CHANNELS.map((id) => channelView(stack, id, userId));
}

export function simulatorView(stack: DemoStack): SimulatorView | undefined {
  try {
    const { proxmox } = stack;
    return summariseSimulator(
      readState(stack.omni.statePath),
      proxmox.pve ? { url: proxmox.pve.url, vms: proxmox.vms() } : { reason: proxmox.reason },
    );
  } catch {
    // Mid-reset the state file may be gone; the next poll shows it again.
    return undefined;
  }
}
