// Ambient types for the renderer: Vite's client types and a shim so plain `tsc` understands .vue imports.
/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
