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
