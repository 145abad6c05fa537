import { Webhook } from 'standardwebhooks';
import { generateSecret, secretKey, sign, signatureHeader, webhookBody } from './signature';

describe('webhook signatures (Standard Webhooks)', () => {
  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKey(secret)).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
  });

  it('signs id.timestamp.body with the decoded key, as the reference library verifies', () => {
    const secret = generateSecret();
    const body = webhookBody('risk.created', new Date('2026-01-01T00:00:00Z'), { riskId: 'r1' });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': sign(secret, 'evt_1', timestamp, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('is verified by either secret when several sign, and by neither when the body changes', () => {
    const [a, b] = [generateSecret(), generateSecret()];
    const body = webhookBody('webhook.test', new Date(), {});
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'x',
      'webhook-timestamp': String(ts),
      'webhook-signature': signatureHeader([a, b], 'x', ts, body),
    };
    expect(() => new Webhook(a).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(b).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(a).verify(`${body} `, headers)).toThrow();
  });
});
