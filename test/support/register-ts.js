/*
 * Lets plain Node run the TypeScript sources in a child process, as ts-jest does: files are transpiled one
 * by one and the tsconfig path aliases are resolved by hand, so no build step is needed. Returns the
 * repository root.
 */
/* global require, __dirname, module, process */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS module run by plain Node */
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..');
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
const aliases = Object.entries(compilerOptions.paths)
  .filter(([alias]) => !alias.endsWith('/*'))
  .map(([alias, [target]]) => [alias, path.join(root, target)]);

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  for (const [alias, target] of aliases) {
    if (request === alias) return resolve.call(this, target, ...rest);
    if (request.startsWith(`${alias}/`))
      return resolve.call(this, path.join(target, request.slice(alias.length + 1)), ...rest);
  }
  return resolve.call(this, request, ...rest);
};

// Processes started again and again (start/stop tests) reuse what earlier ones transpiled.
const cacheDir = path.join(os.tmpdir(), 'aims-ts-cache');
fs.mkdirSync(cacheDir, { recursive: true });

function transpile(filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(`${ts.version}\0${filename}\0${source}`).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  if (fs.existsSync(cached)) return fs.readFileSync(cached, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      resolveJsonModule: true,
    },
  });
  const partial = `${cached}.${process.pid}`;
  fs.writeFileSync(partial, outputText);
  fs.renameSync(partial, cached);
  return outputText;
}

require.extensions['.ts'] = (module, filename) => {
  module._compile(transpile(filename), filename);
};

module.exports = root;
