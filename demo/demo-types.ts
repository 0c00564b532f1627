// What the demo API sends the page (types only: shared by server and page, erased at run time).

export type MessageView = {
  ts: string;
  user: string;
  userName: string;
  isBot: boolean;
  text: string;
  blocks?: unknown[];
  // How many times it was edited; the page shows the latest version and marks it edited.
  edits: number;
  // Visible only to the person viewing the page.
  ephemeral: boolean;
  replies: MessageView[];
  // Files shared with the message (files.completeUploadExternal).
  files?: FileView[];
};

// An uploaded file: its text (as UTF-8, cut when long) shown in the page.
export type FileView = { name: string; title: string; size: number; text: string; truncated: boolean };

export type ChannelView = { id: string; name: string; messages: MessageView[] };

export type ModalView = { viewId: string; view: Record<string, unknown> };

export type MachineView = {
  id: string;
  hostname: string;
  cluster: string | null;
  role: string;
  stage: string;
  connected: boolean;
  phase: string | null;
  // Its VM in the simulated Proxmox; null: Proxmox has none of its name (gone); absent: no
  // Proxmox in the playground, or a machine the provider did not make.
  vm?: VmView | null;
};

export type VmView = { vmid: number; name: string; node: string; status: string };

export type ProxmoxView =
  | { configured: true; url: string; vmCount: number; orphans: VmView[] }
  | { configured: false; reason: string };

export type SimulatorView = {
  provider: {
    id: string;
    connected: boolean;
    keyExpiredAt: string;
    // keyExpiredAt as the bot writes times ("2026-08-22 09:45 UTC").
    keyExpiryShown: string;
    keyRenewals: number;
  };
  auth: string;
  clusters: string[];
  machines: MachineView[];
  proxmox: ProxmoxView;
};

// The playground's own copy of the cluster template, as the bot reads it.
export type TemplateView = { cluster: string; forbidden: string[]; problem?: string };

export type Snapshot = {
  scenario: string;
  // Why the SSH procedures are off, or undefined when the loopback provider host runs.
  sshUnavailable?: string;
  people: readonly { id: string; name: string; role: string }[];
  scenarios: readonly string[];
  // What each scenario is for, by scenario.
  scenarioNotes: Record<string, string>;
  channels: ChannelView[];
  modal?: ModalView;
  simulator?: SimulatorView;
  template?: TemplateView;
  // The watcher's schedule, so the incident channel can say when it first looks.
  watch?: { channel: string; intervalMs: number; firstCheckInMs: number };
  // Where this session's bot writes its log (a new file after each Reset).
  logPath?: string;
  // Set while a reset is under way or failed.
  status: 'running' | 'restarting' | 'failed';
  problem?: string;
};

export type ActionAnswer = { ok: boolean; problem?: string; errors?: Record<string, string> };
