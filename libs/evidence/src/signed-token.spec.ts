import { createHmac } from 'node:crypto';
import { signToken, verifyToken } from './signed-token';

const key = Buffer.from('k'.repeat(32));
const now = new Date('2026-06-01T12:00:00.000Z');
const exp = now.getTime() / 1000 + 300;
const signedBody = (b: string) => `${b}.${createHmac('sha256', key).update(b).digest('base64url')}`;

describe('signed evidence tokens', () => {
  const token = signToken(key, { p: 'evidence-upload', exp, id: 'u1', org: 'o1' });

  it('round-trips the claims before expiry', () => {
    expect(verifyToken(key, token, 'evidence-upload', now)).toEqual({
      ok: true,
      claims: { p: 'evidence-upload', exp, id: 'u1', org: 'o1' },
    });
  });

  it('expires at exp', () => {
    expect(verifyToken(key, token, 'evidence-upload', new Date(exp * 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  const [body, sig] = token.split('.');
  const forgedBody = Buffer.from(JSON.stringify({ p: 'evidence-upload', exp, id: 'u2', org: 'o1' })).toString(
    'base64url',
  );
  it.each([
    ['another key', signToken(Buffer.from('x'.repeat(32)), { p: 'evidence-upload', exp })],
    ['changed claims, old signature', `${forgedBody}.${sig}`],
    ['no signature', body],
    ['empty signature', `${body}.`],
    ['truncated signature', `${body}.${sig.slice(0, 20)}`],
    ['extra part', `${token}.x`],
    ['not base64url', `${body}!.${sig}`],
    ['another purpose', signToken(key, { p: 'evidence-download', exp })],
    ['signed garbage', signedBody(Buffer.from('not json').toString('base64url'))],
    [
      'signed claims without expiry',
      signedBody(Buffer.from('{"p":"evidence-upload"}').toString('base64url')),
    ],
    ['empty', ''],
  ])('refuses %s as invalid', (_, candidate) => {
    expect(verifyToken(key, candidate, 'evidence-upload', now)).toEqual({ ok: false, reason: 'invalid' });
  });
});
