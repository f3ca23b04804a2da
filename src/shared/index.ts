// The contract's public face: import from 'src/shared' only.
export * from './channels';
export * from './errors';
export * from './types';
export * from './trainer';
export * from './mapping';
export * from './schema';
export * from './requestSchemas';
