import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../shared/config';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('loadConfig', () => {
  it('hashes ADMIN_TOKEN, or takes ADMIN_TOKEN_SHA256 as given', () => {
    expect(loadConfig({ ADMIN_TOKEN: 'tba_x' }).adminTokenHash).toBe(sha('tba_x'));
    expect(loadConfig({ ADMIN_TOKEN_SHA256: sha('tba_y') }).adminTokenHash).toBe(sha('tba_y'));
    expect(loadConfig({ ADMIN_TOKEN: 'tba_x', ADMIN_TOKEN_SHA256: sha('tba_x') }).adminTokenHash).toBe(sha('tba_x'));
  });
  it('reports a malformed or contradicting ADMIN_TOKEN_SHA256 even when ADMIN_TOKEN is set', () => {
    expect(() => loadConfig({ ADMIN_TOKEN_SHA256: 'xyz' })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_TOKEN: 'tba_x', ADMIN_TOKEN_SHA256: 'xyz' })).toThrow(/64 lowercase hex/);
    expect(() => loadConfig({ ADMIN_TOKEN: 'tba_x', ADMIN_TOKEN_SHA256: sha('tba_other') })).toThrow(/do not match/);
  });
  it('names the variable of any other bad value', () => {
    expect(() => loadConfig({ TABLE_NAME: 'a' })).toThrow(/TABLE_NAME/);
    expect(() => loadConfig({ DYNAMODB_ENDPOINT: 'foo' })).toThrow(/DYNAMODB_ENDPOINT/);
    expect(() => loadConfig({ MAX_BODY_BYTES: '10' })).toThrow(/MAX_BODY_BYTES/);
    expect(() => loadConfig({ SESSION_HOURS: '0' })).toThrow(/SESSION_HOURS/);
    expect(() => loadConfig({ SESSION_HOURS: '8.5' })).toThrow(/SESSION_HOURS/);
  });
  it('lets an account sign-in last SESSION_HOURS hours, 8 unless set', () => {
    expect(loadConfig({}).sessionHours).toBe(8);
    expect(loadConfig({ SESSION_HOURS: '12' }).sessionHours).toBe(12);
  });
  it('PROVINCE names a known province (name, short name or id; default 湖南省), else names the known ones', () => {
    expect(loadConfig({}).province.name).toBe('湖南省');
    expect(loadConfig({ PROVINCE: '' }).province.name).toBe('湖南省');
    expect(loadConfig({ PROVINCE: '四川省' }).province.department).toBe('四川省经济和信息化厅');
    expect(loadConfig({ PROVINCE: '四川' }).province.cities).toHaveLength(21);
    expect(loadConfig({ PROVINCE: 'sichuan' }).province.name).toBe('四川省');
    expect(() => loadConfig({ PROVINCE: '湖北省' })).toThrow(ConfigError);
    expect(() => loadConfig({ PROVINCE: '湖北省' })).toThrow('PROVINCE must name a known province, got "湖北省"; known: 湖南省 (hunan), 四川省 (sichuan)');
  });
});
