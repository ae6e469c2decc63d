import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal, parseDecimal, ratio } from '../../shared/decimal';

describe('parseDecimal', () => {
  it('moves the decimal point exactly: 3656.8612 万元 → 36568612 元', () => {
    expect(parseDecimal('3656.8612', 4)).toEqual({ ok: true, value: 36568612n });
    expect(parseDecimal(3656.8612, 4)).toEqual({ ok: true, value: 36568612n });
    expect(parseDecimal('0.1', 4)).toEqual({ ok: true, value: 1000n });
  });
  it('accepts grouping, full-width digits, signs and trailing zeros', () => {
    expect(parseDecimal('1,234,567.50', 2)).toEqual({ ok: true, value: 123456750n });
    expect(parseDecimal('１２３．４', 1)).toEqual({ ok: true, value: 1234n });
    expect(parseDecimal('-12.5', 4)).toEqual({ ok: true, value: -125000n });
    expect(parseDecimal('7.000000', 0)).toEqual({ ok: true, value: 7n });
  });
  it('rejects what is not a plain decimal', () => {
    for (const bad of ['abc', '1.2.3', '1e5', '0x10', 'NaN', 'Infinity', '1,23', '--1', '1 2', '¥5', '5元']) {
      expect(parseDecimal(bad, 4)).toEqual({ ok: false, reason: 'not-a-number' });
    }
    expect(parseDecimal(NaN, 2)).toEqual({ ok: false, reason: 'not-a-number' });
    expect(parseDecimal(true, 2)).toEqual({ ok: false, reason: 'not-a-number' });
    expect(parseDecimal({}, 2)).toEqual({ ok: false, reason: 'not-a-number' });
  });
  it('flags too many decimals, including binary-float artefacts', () => {
    expect(parseDecimal('1.23456', 4)).toEqual({ ok: false, reason: 'too-many-decimals' });
    expect(parseDecimal(0.1 + 0.2, 4)).toEqual({ ok: false, reason: 'too-many-decimals' });
    expect(parseDecimal(1e-7, 4)).toEqual({ ok: false, reason: 'too-many-decimals' });
    expect(parseDecimal('1.5', 0)).toEqual({ ok: false, reason: 'too-many-decimals' });
  });
  it('expands exponent notation of large JSON numbers exactly', () => {
    expect(parseDecimal(1e21, 0)).toEqual({ ok: true, value: 10n ** 21n });
  });
  it('treats blanks as empty', () => {
    expect(parseDecimal('  ', 0)).toEqual({ ok: false, reason: 'empty' });
    expect(parseDecimal(null, 0)).toEqual({ ok: false, reason: 'empty' });
  });
  it('round-trips with formatDecimal for any integer and dp', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 4 }), (v, dp) => {
        expect(parseDecimal(formatDecimal(v, dp), dp)).toEqual({ ok: true, value: v });
      }),
    );
  });
});

describe('formatDecimal and ratio', () => {
  it('formats base units in form units', () => {
    expect(formatDecimal(36568612n, 4)).toBe('3656.8612');
    expect(formatDecimal(1000, 4)).toBe('0.1');
    expect(formatDecimal(-5, 2)).toBe('-0.05');
    expect(formatDecimal(16280000, 0)).toBe('16280000');
  });
  it('computes exact ratios and null on division by zero', () => {
    expect(ratio(1190795000n - 933995000n, 933995000n, 3)).toBe(0.275);
    expect(ratio(1n, 3n, 4)).toBe(0.3333);
    expect(ratio(2n, 3n, 4)).toBe(0.6667);
    expect(ratio(-2n, 3n, 4)).toBe(-0.6667);
    expect(ratio(5n, 0n)).toBeNull();
  });
});
