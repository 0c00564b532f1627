import { describe, expect, it } from 'vitest';
import { scrubSecret } from './scrub-secret.js';

describe('scrubSecret', () => {
  it.each([
    [
      'Error: illegal key eyJuYW1lIjoiYm90In0= here eyJuYW1lIjoiYm90In0=',
      'eyJuYW1lIjoiYm90In0=',
      'Error: illegal key [REDACTED] here [REDACTED]',
    ],
    ['nothing to hide', 'eyJuYW1lIjoiYm90In0=', 'nothing to hide'],
    // Too short to be a key: replacing it would garble ordinary words.
    ['an error', 'e', 'an error'],
    ['empty secret', '', 'empty secret'],
  ])('%j', (text, secret, expected) => {
    expect(scrubSecret(text, secret)).toBe(expected);
  });
});

describe('scrubSecret at a cut', () => {
  const secret = 'eyJuYW1lIjoiYm90In0=';

  it('removes the beginning of the secret left at the end of a cut line', () => {
    expect(scrubSecret('key: eyJuYW1lIj', secret, { end: true })).toBe('key: [REDACTED]');
    expect(scrubSecret('key: eyJuYW1lIj', secret)).toBe('key: eyJuYW1lIj');
  });

  it('removes the end of the secret left at the start of a tail', () => {
    expect(scrubSecret('oiYm90In0= and more', secret, { start: true })).toBe('[REDACTED] and more');
  });

  it('leaves text that holds no part of the secret', () => {
    expect(scrubSecret('plain text', secret, { start: true, end: true })).toBe('plain text');
  });
});
