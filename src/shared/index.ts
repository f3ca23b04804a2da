// The contract's public face: import from 'src/shared' only. One file per domain.
export * from './app';
export * from './channels';
export * from './compare';
export * from './csv';
export * from './datasets';
export * from './embeddings';
export * from './errors';
export * from './mapping';
export * from './projections';
export * from './requestSchemas';
export * from './runs';
export * from './schema';
export * from './spark';
export * from './tables';
export * from './trainer';
export * from './training';
export * from './tune';
