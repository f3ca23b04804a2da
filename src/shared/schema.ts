// A small runtime schema language for request bodies: each schema checks a value and names the field that is
// wrong, and carries its TypeScript type so that requestSchemas.ts can prove it matches the contract's types.
// Pure data and functions (no Node, no DOM): the HTTP bridge, Electron's main and the tests all use it.

/** How a string field is used as a file path: read by the backend, or a folder it writes into. */
export type PathUse = 'read' | 'write';

export type SchemaNode =
  | { kind: 'string'; path?: PathUse }
  | { kind: 'number'; integer: boolean; min?: number }
  | { kind: 'boolean' }
  | { kind: 'literal'; values: readonly (string | number)[] }
  | { kind: 'array'; of: SchemaNode }
  | { kind: 'object'; fields: Record<string, { node: SchemaNode; optional: boolean }> }
  | { kind: 'record'; of: SchemaNode }
  /** Tried in order; objects are told apart by the `tag` field's literal value when given. */
  | { kind: 'union'; options: SchemaNode[]; tag?: string }
  | { kind: 'void' };

/** A schema node with the type of the values it accepts (a phantom, never present at run time). */
export interface Schema<T> {
  readonly node: SchemaNode;
  readonly __type?: T;
}
export type Infer<S> = S extends Schema<infer T> ? T : never;

interface Field<T, O extends boolean> extends Schema<T> {
  readonly optional: O;
}
type Flat<T> = { [K in keyof T]: T[K] };
type Shape = Record<string, Field<unknown, boolean> | Schema<unknown>>;
type IsOptional<F> = F extends Field<unknown, true> ? true : false;
type ObjectOf<S extends Shape> = Flat<
  { [K in keyof S as IsOptional<S[K]> extends true ? never : K]: Infer<S[K]> } & {
    [K in keyof S as IsOptional<S[K]> extends true ? K : never]?: Infer<S[K]>;
  }
>;

export const str = (): Schema<string> => ({ node: { kind: 'string' } });
/** A file path the backend reads, or a folder it writes into: confined by the front end (server, main). */
export const path = (use: PathUse): Schema<string> => ({ node: { kind: 'string', path: use } });
export const num = (): Schema<number> => ({ node: { kind: 'number', integer: false } });
export const int = (min?: number): Schema<number> => ({ node: { kind: 'number', integer: true, min } });
export const bool = (): Schema<boolean> => ({ node: { kind: 'boolean' } });
export const none = (): Schema<void> => ({ node: { kind: 'void' } });
export const oneOf = <const V extends readonly (string | number)[]>(values: V): Schema<V[number]> => ({
  node: { kind: 'literal', values },
});
export const arr = <T>(of: Schema<T>): Schema<T[]> => ({ node: { kind: 'array', of: of.node } });
export const record = <T>(of: Schema<T>): Schema<Record<string, T>> => ({ node: { kind: 'record', of: of.node } });
export const opt = <T>(s: Schema<T>): Field<T, true> => ({ node: s.node, optional: true });
export const obj = <S extends Shape>(shape: S): Schema<ObjectOf<S>> => {
  const fields: Record<string, { node: SchemaNode; optional: boolean }> = {};
  for (const [k, f] of Object.entries(shape)) fields[k] = { node: f.node, optional: 'optional' in f && f.optional };
  return { node: { kind: 'object', fields } };
};
/** Object fields of `a` and `b` together (an interface that extends another). */
export const merge = <A, B>(a: Schema<A>, b: Schema<B>): Schema<Flat<A & B>> => {
  if (a.node.kind !== 'object' || b.node.kind !== 'object') throw new Error('merge takes two object schemas');
  return { node: { kind: 'object', fields: { ...a.node.fields, ...b.node.fields } } };
};
export const union = <A, B>(a: Schema<A>, b: Schema<B>): Schema<A | B> => ({
  node: { kind: 'union', options: [a.node, b.node] },
});
/** Objects told apart by the literal value of their `tag` field (`kind`), as TypeScript's tagged unions. */
export const tagged = <S extends Schema<unknown>[]>(tag: string, options: S): Schema<Infer<S[number]>> => ({
  node: { kind: 'union', options: options.map((o) => o.node), tag },
});

const describe = (v: unknown): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return typeof v === 'object' ? 'an object' : typeof v;
};
const expected = (n: SchemaNode): string => {
  switch (n.kind) {
    case 'string':
      return n.path ? 'a file path (a string)' : 'a string';
    case 'number':
      return n.integer ? `a whole number${n.min !== undefined ? ` ≥ ${n.min}` : ''}` : 'a finite number';
    case 'boolean':
      return 'true or false';
    case 'literal':
      return `one of ${n.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'array':
      return 'a list';
    case 'void':
      return 'empty (null)';
    case 'union':
      return n.options.map(expected).join(' or ');
    default:
      return 'an object';
  }
};
const join = (at: string, key: string | number): string =>
  typeof key === 'number' ? `${at}[${key}]` : at ? `${at}.${key}` : key;

/** The first problem with `value` as a plain sentence naming the field (`items.path`), or null when it fits. */
export function firstProblem(node: SchemaNode, value: unknown, at = ''): string | null {
  const wrong = (): string => `${at || 'the request'} must be ${expected(node)} (got ${describe(value)})`;
  switch (node.kind) {
    case 'void':
      return value === null || value === undefined ? null : `the request must be empty (got ${describe(value)})`;
    case 'string':
      return typeof value === 'string' ? null : wrong();
    case 'boolean':
      return typeof value === 'boolean' ? null : wrong();
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return wrong();
      if (node.integer && !Number.isInteger(value)) return wrong();
      return node.min !== undefined && value < node.min ? wrong() : null;
    case 'literal':
      return node.values.includes(value as string | number) ? null : wrong();
    case 'array': {
      if (!Array.isArray(value)) return wrong();
      for (let i = 0; i < value.length; i++) {
        const p = firstProblem(node.of, value[i], join(at, i));
        if (p) return p;
      }
      return null;
    }
    case 'record':
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong();
      const v = value as Record<string, unknown>;
      if (node.kind === 'record') {
        for (const [k, x] of Object.entries(v)) {
          const p = firstProblem(node.of, x, join(at, k));
          if (p) return p;
        }
        return null;
      }
      for (const k of Object.keys(v)) {
        if (!(k in node.fields))
          return `${join(at, k)} is not a field of ${at || 'this request'} (fields: ${Object.keys(node.fields).join(', ')})`;
      }
      for (const [k, f] of Object.entries(node.fields)) {
        if (v[k] === undefined) {
          if (f.optional) continue;
          return `${join(at, k)} is missing (${expected(f.node)})`;
        }
        const p = firstProblem(f.node, v[k], join(at, k));
        if (p) return p;
      }
      return null;
    }
    case 'union': {
      const tagged = node.tag !== undefined && typeof value === 'object' && value !== null;
      let first: string | null = null;
      for (const o of node.options) {
        if (tagged && o.kind === 'object') {
          const t = o.fields[node.tag!]?.node;
          const tagValue = (value as Record<string, unknown>)[node.tag!];
          if (t?.kind === 'literal' && !t.values.includes(tagValue as string)) continue;
        }
        const p = firstProblem(o, value, at);
        if (p === null) return null;
        first ??= p;
      }
      return first ?? wrong();
    }
  }
}

/** Every path-typed string in `value` (already checked against `node`), with where it is and how it is used. */
export function filePaths(node: SchemaNode, value: unknown, at = ''): { at: string; use: PathUse; value: string }[] {
  if (value === null || value === undefined) return [];
  switch (node.kind) {
    case 'string':
      return node.path && typeof value === 'string' ? [{ at, use: node.path, value }] : [];
    case 'array':
      return Array.isArray(value) ? value.flatMap((x, i) => filePaths(node.of, x, join(at, i))) : [];
    case 'record':
      return Object.entries(value as object).flatMap(([k, x]) => filePaths(node.of, x, join(at, k)));
    case 'object':
      return Object.entries(node.fields).flatMap(([k, f]) =>
        filePaths(f.node, (value as Record<string, unknown>)[k], join(at, k)),
      );
    case 'union': {
      const fits = node.options.find((o) => firstProblem(o, value) === null);
      return fits ? filePaths(fits, value, at) : [];
    }
    default:
      return [];
  }
}

/** Every path field a schema can hold (`items.path`, `outDir`), for tests that try each one. */
export function pathFields(node: SchemaNode, at = ''): { at: string; use: PathUse }[] {
  switch (node.kind) {
    case 'string':
      return node.path ? [{ at, use: node.path }] : [];
    case 'object':
      return Object.entries(node.fields).flatMap(([k, f]) => pathFields(f.node, join(at, k)));
    case 'union':
      return node.options.flatMap((o) => pathFields(o, at));
    case 'array':
    case 'record':
      return pathFields(node.of, join(at, 0));
    default:
      return [];
  }
}
