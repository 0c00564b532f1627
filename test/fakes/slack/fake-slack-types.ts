// Public shapes of the fake Slack: what tests configure, and what they read back.

export type FakeChannel = { id: string; name: string; isPrivate?: boolean; members: string[] };
export type FakeUser = { id: string; name: string; realName?: string; tz?: string; isBot?: boolean };
export type FakeUsergroup = { id: string; handle: string; users: string[] };

export type FakeSlackOptions = {
  botToken?: string;
  appToken?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  teamId?: string;
  teamDomain?: string;
  // Each list replaces the default list as a whole.
  channels?: FakeChannel[];
  users?: FakeUser[];
  usergroups?: FakeUsergroup[];
  // Files: Slack takes up to 1 GB per file; a workspace may restrict that (file_upload_size_restricted)
  // or turn uploads off (file_uploads_disabled).
  maxFileBytes?: number;
  fileUploadsDisabled?: boolean;
};

export type ResolvedOptions = Required<FakeSlackOptions>;

export type RecordedCall = {
  method: string;
  params: Record<string, unknown>;
  token: string | undefined;
  at: number;
  status: number;
  response: Record<string, unknown>;
};

export type MessageVersion = { text: string; blocks?: unknown[]; at: number };

export type StoredFile = { id: string; name: string; title: string; size: number; bytes: Buffer };

export type StoredMessage = {
  channel: string;
  ts: string;
  // Set on thread replies only; equals the parent's ts.
  threadTs?: string;
  user: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: unknown;
  files?: StoredFile[];
  replyBroadcast?: boolean;
  // Earlier versions, oldest first (chat.update and replace_original push here).
  edits: MessageVersion[];
  source: 'chat.postMessage' | 'files.completeUploadExternal' | 'response_url' | 'seed';
};

export type StoredEphemeral = {
  channel: string;
  user: string;
  ts: string;
  threadTs?: string;
  text: string;
  blocks?: unknown[];
  edits: MessageVersion[];
  source: 'chat.postEphemeral' | 'response_url' | 'ack';
};

export type StoredView = {
  id: string;
  view: Record<string, unknown>;
  hash: string;
  triggerId?: string;
  history: Record<string, unknown>[];
};

// What a response_url belongs to, so replace/delete/ephemeral can be applied to the state.
export type ResponseUrlContext = {
  channel?: string;
  userId?: string;
  messageTs?: string;
  threadTs?: string;
  isEphemeral?: boolean;
};

export type RecordedResponse = {
  id: string;
  url: string;
  body: Record<string, unknown>;
  at: number;
  status: number;
  // What the fake did with it: 'replaced', 'deleted', 'ephemeral', 'in_channel' or a refusal.
  outcome: string;
};

export type FailOptions = {
  error?: string;
  status?: number;
  retryAfter?: number;
  times?: number;
  // Holds the answer this long, for client `timeout` tests.
  delayMs?: number;
  // Only calls whose `channel` parameter is this one (say, the incident channel's posts).
  channel?: string;
  // Only calls whose `ts` parameter is this one (edits of one message).
  ts?: string;
};

export type FakeWarning = { method: string; message: string; at: number };

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export type SendOptions = {
  retryAttempt?: number;
  retryReason?: string;
  timeoutMs?: number;
  // The id of the open connection to deliver on (see FakeSocket.connections); default: round-robin.
  connection?: number;
};

export type RetryOptions = {
  // Default 'timeout', what Slack says when the first delivery was not acked in time.
  reason?: string;
  // Default: the next open connection after the one that got the previous delivery.
  connection?: number;
  timeoutMs?: number;
};

export type FakeConnection = { id: number; open: boolean; openedAt: number };

export type AckResult = { envelopeId: string; ackPayload: unknown; ackMs: number; connection: number };

export type WaitOptions = { timeoutMs?: number; from?: number };

export type DisconnectReason = 'refresh_requested' | 'warning' | 'link_disabled' | 'too_many_websockets';

export type SentEnvelope = {
  envelopeId: string;
  type: EnvelopeType;
  payload: unknown;
  sentAt: number;
  // Which connection it was delivered on (FakeConnection.id).
  connection: number;
  // Set on redeliveries: the attempt number and reason Slack puts in the envelope, and the first
  // delivery's envelope id.
  retryAttempt?: number;
  retryReason?: string;
  retryOf?: string;
  // Filled when the client acks, also if that happens after the timeout (a late ack).
  ack?: { payload: unknown; ackMs: number };
  timedOut: boolean;
};

export type FakeSocket = {
  // Resolves with a connection's id when a client is connected (at once, the newest, if one already is).
  connected: (options?: { timeoutMs?: number }) => Promise<number>;
  // Resolves with the id of the next new connection, e.g. the reconnect after disconnect().
  nextConnection: (options?: { timeoutMs?: number }) => Promise<number>;
  // Delivers to ONE open connection: `options.connection`, or the next one round-robin.
  send: (type: EnvelopeType, payload: unknown, options?: SendOptions) => Promise<AckResult>;
  // Slack's redelivery of an envelope: the same payload, retry_attempt one higher, on another connection.
  retry: (envelopeId: string, options?: RetryOptions) => Promise<AckResult>;
  // `connection`: only that connection; default every open one.
  disconnect: (reason?: DisconnectReason, options?: { connection?: number }) => void;
  // Drops connections without a message, like a network failure (`connection`: only that one).
  drop: (options?: { connection?: number }) => void;
  readonly openConnections: number;
  readonly totalConnections: number;
  // Every connection ever opened, oldest first, with whether it is still open.
  readonly connections: readonly FakeConnection[];
  readonly envelopes: readonly SentEnvelope[];
};
