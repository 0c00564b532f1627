// Generators of what an attacker (or a clumsy paste) could send as `/omni` text or a button value.
import fc from 'fast-check';

export const UUID_EXAMPLE = 'e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82';

// Shell and flag syntax, control characters, and characters that only look harmless.
export const INJECTIONS = [
  ';reboot',
  '; rm -rf /',
  '|sh',
  '&& reboot',
  '&',
  '`reboot`',
  '$(reboot)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, meant literally
  '${IFS}',
  '$((1+1))',
  '> /etc/passwd',
  '< /dev/zero',
  '\\',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\r',
  '\u000b',
  '\u000c',
] as const;

export const LOOKALIKES = [
  '\u0435', // Cyrillic e
  '\u0430', // Cyrillic a
  '\uff10', // fullwidth 0
  '\u2010', // hyphen
  '\u2212', // minus
  '\uff0d', // fullwidth hyphen-minus
  '\u200b', // zero-width space
  '\u00a0', // no-break space (not \s-split by every engine)
  '\ufeff', // byte-order mark
  '\u202e', // right-to-left override
  '\u0301', // combining acute accent
  '\u2028', // line separator
] as const;

// Slack mrkdwn control sequences a node's log line, a hostname, omnictl's stderr or a typed reason
// could carry: a ping of the whole channel, a link that looks like an approval, a mention.
export const CHANNEL_PING = '<!channel>';
export const EVIL_LINK = '<https://evil.example|approve here>';
export const HOSTILE_TEXT = `${CHANNEL_PING} ${EVIL_LINK} <@U0EVIL> AT&T`;
// How each must reach Slack: as the characters, escaped once.
export const CHANNEL_PING_SHOWN = '&lt;!channel&gt;';
export const EVIL_LINK_SHOWN = '&lt;https://evil.example|approve here&gt;';

export const FLAGS = ['--force', '-y', '--omniconfig=/tmp/evil', '-o', 'yaml', '--context', '-n', 'default'];

export const SUBCOMMANDS = [
  'help',
  'stuck-machines',
  'delete-clustermachine',
  'delete-machine',
  'provider-status',
  'restart-provider',
  'rotate-provider-key',
  'reboot-loop',
  'drift',
  'sync-template',
  'recover-cluster',
  'history',
] as const;

const injection = fc.constantFrom(...INJECTIONS);
const lookalike = fc.constantFrom(...LOOKALIKES);
// JavaScript's \s matches these, so around a word they are only spacing: not hostile there.
const SPACE_LIKE: readonly string[] = ['\u00a0', '\ufeff', '\u2028'];
const visibleLookalike = fc.constantFrom(...LOOKALIKES.filter((c) => !SPACE_LIKE.includes(c)));
const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
export const uuid = fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((parts) => parts.join('-'));
export const clusterName = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?$/);

// A valid value with something spliced in: before, after, or in place of one character.
function spliced(valid: fc.Arbitrary<string>, bad: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(valid, bad, fc.nat(), fc.constantFrom('before', 'after', 'replace'))
    .map(([v, b, n, how]) => {
      const at = n % (v.length + 1);
      if (how === 'before') return b + v;
      if (how === 'after') return v + b;
      return v.slice(0, at) + b + v.slice(at + 1);
    });
}

const hostileFragment = fc.oneof(injection, visibleLookalike, fc.constantFrom(...FLAGS));
// Never a valid UUID or cluster name once the fragment is in (flags only count at the start).
const hostileId = fc.oneof(
  spliced(uuid, fc.oneof(injection, visibleLookalike)),
  fc.constantFrom(...FLAGS).map((flag) => `${flag}`),
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => `$(${s})`),
  fc.string({ minLength: 1, maxLength: 40 }).map((s) => `\`${s}\``),
);
const hostileCluster = fc.oneof(
  spliced(clusterName, fc.oneof(injection, visibleLookalike)),
  fc.constantFrom('-rf', '--all', '../../etc', 'talos-prod/../x', 'TALOS-PROD', 'a'.repeat(64)),
);
const shellReason = fc
  .tuple(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(';', '|', '&', '`', '$(', '${', '<', '>', '\\', '\u0000'),
  )
  .map(([text, meta]) => `${text} ${meta}${text}`);

// Texts every one of which must be refused with a usage error.
export const hostileCommandText: fc.Arbitrary<string> = fc.oneof(
  hostileId.map((id) => `delete-clustermachine ${id} VM gone`),
  hostileId.map((id) => `delete-machine ${id}`),
  fc.tuple(uuid, shellReason).map(([id, reason]) => `delete-clustermachine ${id} ${reason}`),
  shellReason.map((reason) => `restart-provider ${reason}`),
  fc
    .tuple(
      fc.constantFrom('stuck-machines', 'reboot-loop', 'drift', 'sync-template', 'recover-cluster'),
      hostileCluster,
    )
    .map(([name, cluster]) => `${name} ${cluster}`),
  hostileFragment.map((arg) => `rotate-provider-key ${arg}`),
  fc.oneof(hostileFragment, fc.constantFrom('-1', '1e3', '0x10', '10;ls')).map((n) => `history ${n}`),
  spliced(fc.constantFrom(...SUBCOMMANDS), visibleLookalike),
  fc.string({ minLength: 1001, maxLength: 4000 }),
  fc
    .tuple(fc.constantFrom(...SUBCOMMANDS), fc.constantFrom('\u0000', '\u001b', '\u0007'))
    .map(([name, control]) => `${name} ${control}`),
);

// Anything at all: well-formed commands, noise, and the hostile pieces mixed together.
const word = fc.oneof(
  fc.constantFrom(...SUBCOMMANDS),
  uuid,
  clusterName,
  hostileFragment,
  hostileId,
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
);
const separator = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '');
const wellFormedStart = fc.oneof(
  fc
    .tuple(uuid, fc.array(word, { maxLength: 5 }))
    .map(([id, rest]) => ['delete-clustermachine', id, ...rest]),
  fc.tuple(fc.constantFrom('stuck-machines', 'drift', 'reboot-loop', 'sync-template'), clusterName),
  fc.array(word, { maxLength: 6 }).map((rest) => ['restart-provider', ...rest]),
);
export const anyCommandText: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(wellFormedStart, separator).map(([words, sep]) => words.join(sep || ' ')),
  fc
    .tuple(fc.constantFrom(...SUBCOMMANDS), fc.array(word, { maxLength: 4 }), separator)
    .map(([name, words, sep]) => [name, ...words].join(sep || ' ')),
  fc.tuple(fc.array(word, { maxLength: 8 }), separator).map(([words, sep]) => words.join(sep)),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ maxLength: 1200 }),
);

// What a forged button could carry: values the bot made, look-alikes of them, and noise.
export const buttonValue: fc.Arbitrary<string> = fc.oneof(
  uuid,
  hostileId,
  clusterName,
  hostileCluster,
  hex(12).map((h) => `r-${h}`),
  hex(12).map((h) => `run-${h}`),
  spliced(
    hex(12).map((h) => `r-${h}`),
    fc.oneof(injection, lookalike),
  ),
  spliced(
    hex(12).map((h) => `run-${h}`),
    fc.oneof(injection, lookalike),
  ),
  fc.constant(''),
  fc.string({ maxLength: 3000 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
);

// The alert's Diagnose button carries `<read-only report>:<cluster or nothing>` (alert-view.ts).
export const DIAGNOSE_COMMANDS = ['stuck-machines', 'provider-status', 'reboot-loop', 'drift'] as const;
const diagnoseCommand = fc.constantFrom(...DIAGNOSE_COMMANDS);
export const diagnoseValue: fc.Arbitrary<string> = fc
  .tuple(diagnoseCommand, fc.oneof(fc.constant(''), clusterName))
  .map(([command, cluster]) => `${command}:${cluster}`);

// Forged Diagnose values that are not a report and a cluster: other subcommands, alert ids and
// fingerprints, numbers, JSON, paths, and two values in one.
export const FORGED_DIAGNOSE_VALUES = [
  'delete-machine:talos-prod',
  'delete-clustermachine:e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82',
  'restart-provider:',
  'rotate-provider-key:',
  'sync-template:talos-prod',
  'recover-cluster:talos-prod',
  'stuck-teardown:e2d7b5c9-4a1f-4c83-b6e0-7f3a9d1c5b82',
  'provider-disconnected:proxmox',
  'omni-unavailable:omni',
  'alert-1',
  '1',
  '42',
  '-1',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  'null',
  'true',
  '{}',
  '[]',
  '{"command":"delete-machine","cluster":"talos-prod"}',
  '["drift","talos-prod"]',
  'drift:","command":"delete-machine',
  'stuck-machines:talos-prod","extra":"',
  'drift:talos-prod:extra',
  'drift:talos-prod:',
  'drift::',
  ':talos-prod',
  ':',
  'drift',
  'DRIFT:talos-prod',
  'drift:TALOS-PROD',
  'drift :talos-prod',
  'drift: talos-prod',
  'drift:talos-prod ',
  'stuck_machines:talos-prod',
  'drift:--force',
  'drift:-rf',
  'reboot-loop:../../etc/passwd',
  'reboot-loop:..',
  'reboot-loop:talos-prod/../x',
  'reboot-loop:talos-prod.yaml',
  'drift:$(reboot)',
  'drift:`reboot`',
  'drift:talos-prod;reboot',
  'drift:talos-prod\nstuck-machines:talos-prod',
  'drift:talos-prod\r\n',
  'drift:talos-prod\u0000',
  `drift:${'a'.repeat(64)}`,
  'dr\u0456ft:talos-prod', // Cyrillic i
  'drift:t\u0430los-prod', // Cyrillic a
  'drift\uff1atalos-prod', // fullwidth colon
  'drift:talos\u2010prod', // Unicode hyphen
] as const;

export const hostileDiagnoseValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...FORGED_DIAGNOSE_VALUES),
  spliced(diagnoseValue, fc.oneof(injection, lookalike, fc.constantFrom('\n', '\r\n', ':', '"', '{'))),
  fc
    .tuple(fc.constantFrom(...SUBCOMMANDS, 'stuck-teardown', 'node-label-loop'), fc.oneof(clusterName, uuid))
    .map(([command, id]) => `${command}:${id}`),
  fc.tuple(diagnoseCommand, fc.oneof(hostileId, hostileCluster)).map(([command, id]) => `${command}:${id}`),
  fc
    .tuple(diagnoseCommand, fc.string({ minLength: 64, maxLength: 4000 }))
    .map(([command, tail]) => `${command}:${tail}`),
  fc
    .tuple(diagnoseValue, fc.constantFrom('\n', ':', ';', '\u0000', ' ', ''), diagnoseValue)
    .map((parts) => parts.join('')),
  fc.oneof(fc.integer(), fc.double()).map(String),
  buttonValue,
);

// What a forged Diagnose click could carry: values the alert view makes, and hostile ones.
export const anyDiagnoseValue: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: diagnoseValue, weight: 1 },
  { arbitrary: hostileDiagnoseValue, weight: 3 },
);
