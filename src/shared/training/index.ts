// The training rules: one source for the core, the CLI and the renderer (docs/architecture.md, "Training rules").
export * from './config';
export * from './models';
export * from './options';
export * from './resolve';
export * from './spark';
export * from './search';
