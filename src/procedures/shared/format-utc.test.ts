import { describe, expect, it } from 'vitest';
import { formatUtc } from './format-utc.js';

describe('formatUtc', () => {
  it('writes a time one way, to the minute, in UTC', () => {
    expect(formatUtc('2026-08-29T00:00:00Z')).toBe('2026-08-29 00:00 UTC');
    expect(formatUtc('2026-08-22T11:45:30+02:00')).toBe('2026-08-22 09:45 UTC');
    expect(formatUtc(new Date('2026-08-22T09:45:59.900Z'))).toBe('2026-08-22 09:45 UTC');
  });

  it('leaves text that is not a date as it is', () => {
    expect(formatUtc('soon')).toBe('soon');
  });
});
