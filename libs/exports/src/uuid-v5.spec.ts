import { uuidV5 } from './uuid-v5';

describe('uuidV5', () => {
  it.each([
    // RFC 9562 appendix A.4 and the DNS namespace example used by common implementations.
    ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com', '2ed6657d-e927-568b-95e1-2665a8aea6a2'],
    ['6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'http://example.com/', '0a300ee9-f9e4-5697-a51a-efc7fafaba67'],
  ])('derives %s / %s', (namespace, name, expected) => {
    expect(uuidV5(namespace, name)).toBe(expected);
  });
});
