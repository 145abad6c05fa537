import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, with a fresh IV each time', () => {
    const a = box.seal('whsec_secret', 'webhook:1');
    const b = box.seal('whsec_secret', 'webhook:1');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.')).toBe(true);
    expect(box.open(a, 'webhook:1').toString()).toBe('whsec_secret');
  });

  it('refuses another context, another key and a tampered body', () => {
    const sealed = box.seal('secret', 'webhook:1');
    expect(() => box.open(sealed, 'webhook:2')).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'webhook:1')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    parts[3] = body.toString('base64url');
    expect(() => box.open(parts.join('.'), 'webhook:1')).toThrow();
    expect(() => box.open('garbage', 'webhook:1')).toThrow('Not a sealed secret');
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow();
  });
});
