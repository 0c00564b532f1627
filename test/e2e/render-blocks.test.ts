import { describe, expect, it } from 'vitest';
import { renderBlocks, renderText } from '../../demo/render-blocks.js';
import type { Directory } from '../../demo/render-mrkdwn.js';
import { VIEW_SAMPLES, type ViewSample } from './view-samples.js';

const NAMES: Directory = {
  userName: (id) => ({ U0ALICE: 'alice', U0BOB: 'bob', U0DAVE: 'dave' })[id],
  channelName: (id) => ({ C0OPS: 'ops-omni', C0INC: 'incidents' })[id],
};

// A golden file per view: the HTML the playground shows, one block per line.
function goldenHtml(sample: ViewSample): string {
  const head = `<!-- ${sample.name}: ${sample.source} (regenerate with vitest -u) -->`;
  if ('message' in sample)
    return `${head}\n<!-- text: ${sample.message.text.replaceAll('--', '‑‑')} -->\n${renderBlocks(sample.message.blocks, NAMES)}\n`;
  const { title, submit, close, blocks } = sample.modal;
  return [
    head,
    `<h2 class="modal-title">${renderText(title, NAMES)}</h2>`,
    renderBlocks(blocks, NAMES),
    `<div class="modal-buttons">${close === undefined ? '' : renderText(close, NAMES)} | ${submit === undefined ? '' : renderText(submit, NAMES)}</div>`,
    '',
  ].join('\n');
}

describe('every view the bot sends renders in the playground', () => {
  it.each(VIEW_SAMPLES.map((s) => [s.name, s] as const))('%s', async (name, sample) => {
    const html = goldenHtml(sample);

    expect(html).not.toContain('unsupported');
    await expect(html).toMatchFileSnapshot(`./__golden__/${name}.html`);
  });
});

describe('what the renderer does not know is shown, never dropped', () => {
  it.each([
    ['a block type', [{ type: 'rich_text', elements: [] }], 'unsupported: rich_text'],
    [
      'an element in actions',
      [{ type: 'actions', elements: [{ type: 'static_select', action_id: 'x' }] }],
      'unsupported: static_select',
    ],
    [
      'a section accessory',
      [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' }, accessory: { type: 'image' } }],
      'unsupported: image',
    ],
    [
      'a context element',
      [{ type: 'context', elements: [{ type: 'image', image_url: 'x' }] }],
      'unsupported: image',
    ],
    ['a block without a type', [{ text: 'x' }], 'unsupported: (no type)'],
  ])('%s', (_what, blocks, shown) => {
    const html = renderBlocks(blocks);

    expect(html).toContain(`<div class="bk-unsupported">${shown}</div>`);
  });

  it('keeps the known blocks around an unknown one', () => {
    const html = renderBlocks([
      { type: 'header', text: { type: 'plain_text', text: 'Before' } },
      { type: 'video', title: { type: 'plain_text', text: 'x' } },
      { type: 'divider' },
    ]);

    expect(html.split('\n')).toEqual([
      '<h3 class="bk-header">Before</h3>',
      '<div class="bk-unsupported">unsupported: video</div>',
      '<hr class="bk-divider">',
    ]);
  });
});
