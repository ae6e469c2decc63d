import { describe, expect, it } from 'vitest';
import { fromLocalInput, toLocalInput } from '../../web/src/format';

describe('schedule times in the web form (Beijing time)', () => {
  it('round-trips an instant through the datetime-local input with its seconds', () => {
    for (const iso of ['2020-10-15T15:59:59.000Z', '2020-09-30T16:00:00.000Z']) expect(new Date(fromLocalInput(toLocalInput(iso))).toISOString()).toBe(iso);
    expect(toLocalInput('2020-10-15T15:59:59.000Z')).toBe('2020-10-15T23:59:59');
  });
  it('takes what the input gives, with or without seconds', () => {
    expect(fromLocalInput('2020-10-01T00:00')).toBe('2020-10-01T00:00:00+08:00');
    expect(fromLocalInput('2020-10-15T23:59:59')).toBe('2020-10-15T23:59:59+08:00');
    expect(fromLocalInput('')).toBe('');
  });
});
