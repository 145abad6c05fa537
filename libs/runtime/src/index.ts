export { createRuntime, type RuntimeHandle } from './runtime';
export { migrationSource, schemaDiff } from './schema-diff';
export { onShutdownSignals } from './shutdown';
export { EmbeddedPostgresError } from './embedded-postgres';
export { adminQuery, withClient } from './pg-admin';
