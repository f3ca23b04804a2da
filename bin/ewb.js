#!/usr/bin/env node
// `npx ewb`: runs the TypeScript CLI through tsx's loader, so it works right after `npm ci` with no build.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
