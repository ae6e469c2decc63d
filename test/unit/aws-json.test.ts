// The local stream poller signs its GetRecords calls itself (local/aws-json.ts); the signature
// must be the one the SDK's own signer computes for the same request.

import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../local/aws-json';

/** The Checksum interface @smithy/signature-v4 expects, over node:crypto. */
const bytes = (d: SourceData) => (typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d));
class Sha256 {
  private h;
  constructor(secret?: SourceData) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData) {
    this.h.update(bytes(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
  reset() {}
}

async function smithySignature(
  url: URL,
  headers: Record<string, string>,
  body: string,
  now: Date,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
) {
  const signer = new SignatureV4({ credentials, region: 'cn-north-1', service: 'dynamodb', sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: '/',
      query: {},
      headers: { ...headers, host: url.host },
      body,
    },
    { signingDate: now },
  );
  return signed.headers;
}

describe('signRequest (SigV4 for JSON-protocol calls)', () => {
  const headers = { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDBStreams_20120810.GetRecords' };
  const cases = [
    { name: 'local endpoint with a port', url: 'http://127.0.0.1:8123', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
    {
      name: 'AWS endpoint with a session token',
      url: 'https://streams.dynamodb.cn-north-1.amazonaws.com.cn',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FQoGZXIvYXdzEXAMPLE==' },
    },
  ];
  for (const c of cases)
    it(`matches @smithy/signature-v4: ${c.name}`, async () => {
      const url = new URL(c.url);
      const body = JSON.stringify({ ShardIterator: 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/2026-11-22T00:00:00.000|1|AAAA', Limit: 100 });
      const now = new Date('2026-11-22T07:38:02.166Z');
      const ours = signRequest({ method: 'POST', url, headers, body, region: 'cn-north-1', service: 'dynamodb', credentials: c.credentials, now });
      const theirs = await smithySignature(url, headers, body, now, c.credentials);
      expect(ours.authorization).toBe(theirs.authorization);
      expect(ours['x-amz-date']).toBe('20261122T073802Z');
      expect(ours.host).toBe(url.host);
      if (c.credentials.sessionToken) expect(ours['x-amz-security-token']).toBe(c.credentials.sessionToken);
      // A different body must give a different signature (the payload hash is signed).
      const other = signRequest({
        method: 'POST',
        url,
        headers,
        body: body.replace('100', '99'),
        region: 'cn-north-1',
        service: 'dynamodb',
        credentials: c.credentials,
        now,
      });
      expect(other.authorization).not.toBe(ours.authorization);
    });
});
