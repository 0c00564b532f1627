import type { Notifier, Notice as SentNotice } from '../../src/notify/notifier.js';

// The recorded names, as the use-case tests read them.
const NAMES = {
  'request-opened': 'requestCreated',
  'request-announced': 'requestAnnounced',
  'approval-recorded': 'approvalRecorded',
  'request-closed': 'requestClosed',
  'thread-note': 'threadNote',
  'run-started': 'runStarted',
  'run-progress': 'runProgress',
  'run-finished': 'runFinished',
  'run-interrupted': 'runInterrupted',
} as const satisfies Record<SentNotice['kind'], string>;

// One thing the use cases told people, as a test reads it: which notice, about which request, and
// what it said.
export type Notice = {
  notice: (typeof NAMES)[keyof typeof NAMES];
  requestId: string;
  // The request's stored status when the notice was sent.
  status: string;
  reason?: string;
  mentions?: readonly string[];
  approvedBy?: readonly string[];
  // Run progress: each step's state, in order (e.g. 'ok running pending'), and the last output line
  // shown under each step that has one.
  steps?: string;
  lastLines?: string[];
  result?: { status: string; verdict: string };
  text?: string;
  // A run taken over from a replica that stopped heartbeating: that replica and its last heartbeat.
  stoppedAnswering?: { replica: string; at: string };
};

export type RecordingNotifier = Notifier & {
  notices: Notice[];
  // The notices' names in order, e.g. ['runStarted', 'runProgress', …, 'runFinished'].
  names(): string[];
};

/** A notifier that records every notice, so a test asserts what people would have been told. */
export function createRecordingNotifier(
  options: {
    cardTs?: string;
    statusTs?: string;
    statusOf?: (requestId: string) => Promise<string | undefined>;
  } = {},
): RecordingNotifier {
  const notices: Notice[] = [];
  return {
    notices,
    names: () => notices.map((n) => n.notice),
    async notify(sent) {
      const request = sent.request;
      const recorded: Notice = {
        notice: NAMES[sent.kind],
        requestId: request.id,
        status: 'unknown',
      };
      // Recorded in the order the notices were sent; the status is read as the notice is sent.
      const status = options.statusOf?.(request.id);
      if (sent.kind === 'request-closed') {
        recorded.reason = sent.reason;
        if (sent.mentions) recorded.mentions = sent.mentions;
      }
      if (sent.kind === 'approval-recorded') recorded.approvedBy = sent.approvedBy;
      if (sent.kind === 'thread-note') recorded.text = sent.text;
      if (sent.kind === 'run-progress') {
        recorded.steps = sent.steps.map((s) => s.status).join(' ');
        const lines = sent.steps.flatMap((s) => (s.lastLine === undefined ? [] : [s.lastLine]));
        if (lines.length > 0) recorded.lastLines = lines;
      }
      if (sent.kind === 'run-interrupted' && sent.stoppedAnswering)
        recorded.stoppedAnswering = sent.stoppedAnswering;
      if (sent.kind === 'run-finished')
        recorded.result = { status: sent.result.status, verdict: sent.result.verdict };
      notices.push(recorded);
      recorded.status = (await status) ?? 'unknown';
      if (sent.kind === 'request-opened') return { ts: options.cardTs };
      if (sent.kind === 'run-started') return { ts: options.statusTs };
      return {};
    },
  };
}
