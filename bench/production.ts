import { randomBytes } from 'node:crypto';

// Benchmarks measure the API as it is deployed: NODE_ENV=production (as the Dockerfile sets it), which also
// switches graphql-js out of its development checks. Imported first by every benchmark, before any library
// reads NODE_ENV; production requires real secrets, so a run without them gets random ones of its own.
process.env.NODE_ENV ??= 'production';
process.env.JWT_SECRET ??= randomBytes(32).toString('hex');
process.env.ENCRYPTION_KEY ??= randomBytes(32).toString('hex');
