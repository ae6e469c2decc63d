import { describe, expect, it } from 'vitest';
import { impreciseNumbers, isImprecise, parseJsonExact } from '../../shared/exact-json';
import { isIsoInstant } from '../../shared/schedule';

describe('isImprecise', () => {
  it('is false for numbers a double prints back as the same decimal value', () => {
    for (const s of ['0', '-0', '1', '0.1', '3656.8612', '1e3', '5.2E3', '1.5e-7', '123456789012345', '9007199254740991', '-12.50', '0.000'])
      expect(isImprecise(s), s).toBe(false);
  });
  it('is true for digits a double drops, and for overflow and underflow', () => {
    for (const s of [
      '1.0000000000000001',
      '3656.86120000000001',
      '9999999999999.0001',
      '9007199254740993',
      '1e400',
      '-1e400',
      '1e-400',
      '0.1000000000000000000001',
    ])
      expect(isImprecise(s), s).toBe(true);
  });
});

describe('parseJsonExact', () => {
  it('parses like JSON.parse when nothing would be rounded', () => {
    const text = '{"a":1,"b":[1.5,"x\\"1234567890123456789"],"c":{"d":null,"e":true}}';
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
  });
  it('hands on rounded numbers as their literal text, wherever they are', () => {
    expect(parseJsonExact('{"values":{"a":1.0000000000000001,"b":2},"list":[1, 9007199254740993]}')).toEqual({
      values: { a: '1.0000000000000001', b: 2 },
      list: [1, '9007199254740993'],
    });
  });
  it('keeps the last of duplicate keys, as JSON.parse does', () => {
    expect(parseJsonExact('{"a":1.0000000000000001,"a":2}')).toEqual({ a: 2 });
    expect(parseJsonExact('{"a":1.0000000000000001,"a":{"x":1}}')).toEqual({ a: { x: 1 } });
    expect(parseJsonExact('{"a":1,"a":1.0000000000000001}')).toEqual({ a: '1.0000000000000001' });
  });
  it('is not fooled by digits and quotes inside strings', () => {
    expect(parseJsonExact('{"k\\"1.0000000000000001":"1.0000000000000001","n":1e400}')).toEqual({ 'k"1.0000000000000001': '1.0000000000000001', n: '1e400' });
  });
  it('sets a key named __proto__ as an own property', () => {
    const v = parseJsonExact('{"values":{"__proto__":1.0000000000000001}}') as { values: Record<string, unknown> };
    expect(Object.keys(v.values)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(v.values, '__proto__')?.value).toBe('1.0000000000000001');
    expect(Object.getPrototypeOf(v.values)).toBe(Object.prototype);
  });
  it('throws like JSON.parse on invalid text, and leaves very deep nesting to JSON.parse', () => {
    expect(() => parseJsonExact('{"a":')).toThrow(SyntaxError);
    const deep = '['.repeat(100) + '1.0000000000000001' + ']'.repeat(100);
    expect(impreciseNumbers(deep).size).toBe(0);
    expect(() => parseJsonExact(deep)).not.toThrow();
  });
});

describe('isIsoInstant', () => {
  it('accepts real dates and times', () => {
    for (const s of ['2020-02-29', '2021-01-01T00:00:00+08:00', '2021-01-01T23:59:59.999Z', '2021-12-31T08:00+0800']) expect(isIsoInstant(s), s).toBe(true);
  });
  it('refuses dates Date.parse would roll over, and out-of-range times', () => {
    for (const s of [
      '2020-02-30',
      '2021-02-29',
      '2020-04-31T00:00:00Z',
      '2020-13-01',
      '2020-00-10',
      '2020-01-01T24:00:00Z',
      '2020-01-01T10:60:00Z',
      '2020-01-01T10:00:60Z',
      '2020-01-01T00:00:00+15:00',
      'tomorrow',
    ])
      expect(isIsoInstant(s), s).toBe(false);
  });
});
