import { describe, expect, it } from 'vitest';
import { renderMrkdwn } from '../../demo/render-mrkdwn.js';

const names = { userName: (id: string) => (id === 'U0BOB' ? 'bob' : undefined) };

describe('renderMrkdwn', () => {
  it.each([
    ['bold', '*Cluster* talos', '<strong>Cluster</strong> talos'],
    [
      'bold around code',
      '*node `w3` is gone*',
      '<strong>node <code class="mk-code">w3</code> is gone</strong>',
    ],
    ['italic', 'by x: _VM deleted_', 'by x: <em>VM deleted</em>'],
    ['strike', '~old~ resolved', '<del>old</del> resolved'],
    [
      'identifiers keep their underscores',
      'set OMNI_SERVICE_ACCOUNT_KEY now',
      'set OMNI_SERVICE_ACCOUNT_KEY now',
    ],
    ['inline code, entities decoded once', '`a &amp;&amp; b`', '<code class="mk-code">a &amp;&amp; b</code>'],
    ['code block', '```\nline 1\nline 2\n```', '<pre class="mk-pre">line 1\nline 2</pre>'],
    ['newline', 'a\nb', 'a<br>b'],
    ['known user', 'by <@U0BOB>', 'by <span class="mk-mention">@bob</span>'],
    ['unknown user', '<@U0ZED>', '<span class="mk-mention">@U0ZED</span>'],
    [
      'date shows its fallback',
      '<!date^1787295806^{date_short_pretty}|2026-08-21 07:03 UTC>',
      '<span class="mk-date">2026-08-21 07:03 UTC</span>',
    ],
    [
      'link with text',
      '<https://fake.slack.com/archives/C0OPS/p1|thread>',
      '<a class="mk-link" href="https://fake.slack.com/archives/C0OPS/p1" target="_blank" rel="noopener noreferrer">thread</a>',
    ],
    ['no javascript: links', '<javascript:alert(1)|x>', '&lt;javascript:alert(1)|x&gt;'],
    ['escaped text stays text', 'w3 &lt;stuck&gt; <b>', 'w3 &lt;stuck&gt; &lt;b&gt;'],
    ['known emoji', ':x: failed', '<span class="emoji emoji-bad" title=":x:">✘</span> failed'],
    ['unknown emoji as typed', ':partyparrot:', ':partyparrot:'],
  ])('%s', (_what, input, html) => {
    expect(renderMrkdwn(input, names)).toBe(html);
  });
});
