/*
 * Runs the worker app from its TypeScript sources in a child process for the reassessment tests (two
 * racing workers, SIGKILL mid-sweep). Files are transpiled one by one, as ts-jest does, and the
 * tsconfig path aliases are resolved by hand, so no build step is needed.
 */
/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry point run by plain Node */
const path = require('node:path');
const root = require('./support/register-ts');

require(path.join(root, 'apps/worker/src/main.ts'));
