export * from './embedded-postgres';
export * from './entities';
export * from './local-secrets';
export * from './runtime';
export * from './schema-diff';
export * from './shutdown';
