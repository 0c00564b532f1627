import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  blockActionsPayload,
  interactionBody,
  signRequest,
  slashCommandBody,
  slashCommandPayload,
  viewSubmissionPayload,
} from './slack-requests.js';

const read = (name: string) => readFileSync(new URL(`../../fixtures/slack/${name}`, import.meta.url), 'utf8');
type Vector = { file: string; signing_secret: string; timestamp: string; signature: string };
const vectors = JSON.parse(read('signing.vectors.json'));
const fixtureVectors: [string, Vector][] = vectors.fixtures.map((v: Vector) => [v.file, v]);
const fixturePayload = JSON.parse(read('block-actions.payload.json'));

describe('signRequest', () => {
  it.each(fixtureVectors)('matches the vector for %s', (file, v) => {
    expect(signRequest(v.signing_secret, v.timestamp, read(file))).toBe(v.signature);
  });

  it('matches Slack’s documented vector', () => {
    const v = vectors.slack_docs_vector;

    expect(signRequest(v.signing_secret, v.timestamp, v.body)).toBe(v.signature);
  });
});

describe('slashCommandBody', () => {
  it('reproduces the fixture body byte for byte, fields in Slack’s order', () => {
    const body = slashCommandBody({
      text: 'stuck-machines',
      userId: 'U02ALICE01',
      userName: 'alice',
      channelId: 'C05OPS1234',
      channelName: 'ops-omni',
      teamId: 'T01ACME2B3',
      teamDomain: 'acme-ops',
      apiAppId: 'A06OMNIAPP',
      responseUrl: 'https://hooks.slack.com/commands/T01ACME2B3/7812345678901/Ab12Cd34Ef56Gh78Ij90Kl12',
      triggerId: '7812345678902.1234567890123.5f0c2f4a9b6e4f7e8d1c2b3a4f5e6d7c',
      token: 'gIkuvaNzQIHg97ATvDxqgjtO',
    });

    expect(body).toBe(read('slash-command.form.txt'));
  });

  it('fills names from the default workspace and a fresh trigger_id', () => {
    const a = slashCommandPayload({
      text: '',
      userId: 'U0ALICE',
      channelId: 'C0OPS',
      responseUrl: 'http://x',
    });
    const b = slashCommandPayload({
      text: '',
      userId: 'U0ALICE',
      channelId: 'C0OPS',
      responseUrl: 'http://x',
    });

    expect(a).toMatchObject({
      user_name: 'alice',
      channel_name: 'ops-omni',
      command: '/omni',
      is_enterprise_install: 'false',
    });
    expect(a.trigger_id).not.toBe(b.trigger_id);
  });
});

describe('interaction payloads', () => {
  it('encodes block actions exactly as the fixture form body', () => {
    expect(interactionBody(fixturePayload)).toBe(read('block-actions.form.txt'));
  });

  it('builds the fixture’s field set from a few ids', () => {
    const payload = blockActionsPayload({
      actionId: 'omni_approve',
      userId: 'U0BOB',
      channelId: 'C0OPS',
      messageTs: '1767000000.000300',
      threadTs: '1767000000.000100',
      message: fixturePayload.message,
      responseUrl: 'http://127.0.0.1/response/R0001',
    });

    expect(Object.keys(payload)).toEqual(Object.keys(fixturePayload));
    expect(Object.keys(payload.container as object)).toEqual(Object.keys(fixturePayload.container));
    expect(payload.actions).toMatchObject([
      {
        action_id: 'omni_approve',
        block_id: 'approval:op_7f3a',
        value: '{"op":"op_7f3a"}',
        style: 'danger',
        type: 'button',
      },
    ]);
  });

  it('takes channel, ts and thread from a stored message, and leaves `message` out for ephemerals', () => {
    const stored = {
      channel: 'C0OPS',
      ts: '1767000000.000300',
      threadTs: '1767000000.000100',
      user: 'U0BOT',
      botId: 'B0BOT',
      text: 'Approve?',
      blocks: fixturePayload.message.blocks,
      edits: [],
      source: 'chat.postMessage' as const,
    };

    const fromStored = blockActionsPayload({
      actionId: 'omni_reject',
      userId: 'U0BOB',
      message: stored,
      responseUrl: 'u',
    });
    const ephemeral = blockActionsPayload({
      ...{ actionId: 'a', userId: 'U0BOB', channelId: 'C0OPS', messageTs: '1.2' },
      isEphemeral: true,
      responseUrl: 'u',
    });

    expect(fromStored).toMatchObject({
      container: { channel_id: 'C0OPS', message_ts: stored.ts, thread_ts: stored.threadTs },
      message: { ts: stored.ts, thread_ts: stored.threadTs, bot_id: 'B0BOT' },
      actions: [{ action_id: 'omni_reject', block_id: 'approval:op_7f3a' }],
    });
    expect(ephemeral).not.toHaveProperty('message');
  });

  it('builds a view_submission with the given state values', () => {
    const values = { reason: { value: { type: 'plain_text_input', value: 'disk full' } } };

    const payload = viewSubmissionPayload({
      callbackId: 'drain',
      userId: 'U0BOB',
      values,
      privateMetadata: 'op_1',
    });

    expect(payload).toMatchObject({
      type: 'view_submission',
      user: { id: 'U0BOB' },
      view: { callback_id: 'drain', private_metadata: 'op_1', state: { values } },
    });
  });
});
