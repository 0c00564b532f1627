import type { FileView } from '../demo-types.js';
import { escapeHtml } from '../escape-html.js';

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

// Files shared with a message (a timeline, a whole template diff), as Slack shows them: a card
// with the title, name and size, whose text opens in place.
export function renderFiles(files: readonly FileView[] | undefined): string {
  if (!files || files.length === 0) return '';
  return files
    .map(
      (file) =>
        `<div class="file" data-file-name="${escapeHtml(file.name)}">` +
        `<div class="file-head"><span class="file-icon" aria-hidden="true">📄</span>` +
        `<span class="file-title">${escapeHtml(file.title)}</span>` +
        `<span class="file-meta">${escapeHtml(file.name)} · ${size(file.size)}</span></div>` +
        `<details class="file-body"><summary>Show the file</summary><pre class="file-text">${escapeHtml(file.text)}${file.truncated ? '\n…' : ''}</pre></details></div>`,
    )
    .join('');
}
