export * from './embedded-postgres';
export * from './entities';
export * from './runtime';
export * from './schema-diff';
export * from './shutdown';
