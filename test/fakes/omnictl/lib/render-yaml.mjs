// A small go-yaml emitter (v3 defaults as omnictl uses them): block style, configurable indent,
// sequences indented under their key, long scalars folded at column 80, literal blocks for
// multi-line strings. Resource metadata is "tag-less" in cosi, so there an empty value prints as
// `key:` and strings are never quoted just because they look like numbers.

import { analyzeScalar, doubleQuoteEscape, readsAsNonString } from './yaml-scalar.mjs';

const WIDTH = 80;

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

class Emitter {
  /** @param {number} indent */
  constructor(indent) {
    this.indent = indent;
    /** @type {string[]} */
    this.lines = [];
    this.cur = '';
  }

  /** Column of the first block nested under something at `col` (go-yaml re-aligns to the indent). */
  nested(col) {
    return (Math.floor(col / this.indent) + 1) * this.indent;
  }

  endLine() {
    this.lines.push(this.cur);
    this.cur = '';
  }

  breakTo(col) {
    this.endLine();
    this.cur = ' '.repeat(col);
  }

  /** Writes `s` with go-yaml's folding: a space becomes a line break once past the width. */
  writeFolded(s, contCol, quoted) {
    const chars = [...s];
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const ch = /** @type {string} */ (chars[i]);
      if (ch !== ' ') {
        this.cur += quoted === 'single' && ch === "'" ? "''" : ch;
        spaces = false;
        continue;
      }
      const inner = !quoted || (i > 0 && i < chars.length - 1);
      const nextIsSpace = chars[i + 1] === ' ';
      if (!spaces && inner && this.cur.length > WIDTH && (quoted === 'double' || !nextIsSpace)) {
        this.breakTo(contCol);
        if (quoted === 'double' && nextIsSpace) this.cur += '\\';
      } else {
        this.cur += ' ';
      }
      spaces = true;
    }
  }

  writeDouble(s, contCol) {
    this.cur += '"';
    let plainRun = '';
    const flush = () => {
      this.writeFolded(plainRun, contCol, 'double');
      plainRun = '';
    };
    for (const ch of s) {
      const esc = doubleQuoteEscape(ch);
      if (esc === null) {
        plainRun += ch;
        continue;
      }
      flush();
      this.cur += esc;
    }
    flush();
    this.cur += '"';
  }

  writeLiteral(s, contCol) {
    let header = '|';
    if (s.startsWith(' ') || s.startsWith('\n')) header += String(this.indent);
    if (!s.endsWith('\n')) header += '-';
    else if (s.endsWith('\n\n') || s === '\n') header += '+';
    this.cur += header;
    this.endLine();
    const body = s.endsWith('\n') ? s.slice(0, -1) : s;
    for (const line of body.split('\n')) this.lines.push(line === '' ? '' : ' '.repeat(contCol) + line);
  }

  /** Writes a scalar after `key: ` or `- `; `contCol` is where folded lines continue. */
  writeScalar(value, contCol, tagless) {
    if (value === null || value === undefined) {
      if (tagless) return;
      this.cur += ' null';
      return;
    }
    if (typeof value === 'boolean' || typeof value === 'number') {
      this.cur += ` ${String(value)}`;
      return;
    }
    const s = String(value);
    if (tagless && s === '') return;
    this.cur += ' ';
    const shape = analyzeScalar(s);
    if (s.includes('\n') && shape.block) {
      this.writeLiteral(s, contCol);
      return;
    }
    if (shape.plain && (tagless || !readsAsNonString(s))) {
      this.writeFolded(s, contCol, null);
      return;
    }
    if (shape.single && !readsAsNonString(s) && !s.includes('\n')) {
      this.cur += "'";
      this.writeFolded(s, contCol, 'single');
      this.cur += "'";
      return;
    }
    this.writeDouble(s, contCol);
  }

  keyText(key) {
    const shape = analyzeScalar(key);
    if (shape.plain && !readsAsNonString(key)) return key;
    if (shape.single && !key.includes('\n')) return `'${key.replaceAll("'", "''")}'`;
    return JSON.stringify(key);
  }

  emitValue(value, ownerCol, tagless) {
    if (isMap(value) && Object.keys(value).length > 0) {
      this.endLine();
      this.emitMapping(value, this.nested(ownerCol), null, tagless);
      return;
    }
    if (Array.isArray(value) && value.length > 0) {
      this.endLine();
      this.emitSequence(value, this.nested(ownerCol), null, tagless);
      return;
    }
    if (isMap(value)) this.cur += ' {}';
    else if (Array.isArray(value)) this.cur += ' []';
    else this.writeScalar(value, ownerCol + this.indent, tagless);
    if (this.cur !== '') this.endLine();
  }

  /**
   * @param {Record<string, unknown>} obj
   * @param {number} col
   * @param {string | null} firstPrefix text replacing the indentation of the first key (`- `)
   * @param {boolean | ((key: string) => boolean)} tagless
   */
  emitMapping(obj, col, firstPrefix, tagless) {
    let first = true;
    for (const [key, value] of Object.entries(obj)) {
      const prefix = first && firstPrefix !== null ? firstPrefix : ' '.repeat(col);
      first = false;
      this.cur = `${prefix}${this.keyText(key)}:`;
      const childTagless = typeof tagless === 'function' ? tagless(key) : tagless;
      this.emitValue(value, col, childTagless);
    }
  }

  emitSequence(arr, col, firstPrefix, tagless) {
    let first = true;
    for (const item of arr) {
      const prefix = `${first && firstPrefix !== null ? firstPrefix : ' '.repeat(col)}- `;
      first = false;
      if (isMap(item) && Object.keys(item).length > 0) {
        this.emitMapping(item, col + 2, prefix, tagless);
      } else if (Array.isArray(item) && item.length > 0) {
        this.emitSequence(item, col + 2, prefix, tagless);
      } else {
        this.cur = prefix.slice(0, -1);
        this.emitValue(item, col, tagless);
      }
    }
  }
}

/**
 * One YAML document (no `---`), newline-terminated.
 * @param {Record<string, unknown>} doc
 * @param {{indent?: number, taglessKeys?: string[]}} [options] top-level keys whose subtree is tag-less
 */
export function renderYaml(doc, options = {}) {
  const emitter = new Emitter(options.indent ?? 4);
  const tagless = new Set(options.taglessKeys ?? []);
  emitter.emitMapping(doc, 0, null, (key) => tagless.has(key));
  return `${emitter.lines.join('\n')}\n`;
}

/** A resource as `omnictl get -o yaml` prints it: metadata tag-less, spec typed. */
export function renderResourceYaml(resource, indent = 4) {
  return renderYaml(resource, { indent, taglessKeys: ['metadata'] });
}
