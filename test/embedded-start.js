/*
 * Runs the one-command start (apps/api/src/main.ts) from its TypeScript sources in a child process, for
 * the start and shutdown tests.
 */
/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry point run by plain Node */
const path = require('node:path');
const root = require('./support/register-ts');

require(path.join(root, 'apps/api/src/main.ts'));
