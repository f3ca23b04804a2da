// Interoperability with the real tools (testing tier 2): Debian's python3-gensim, -numpy and -pandas read
// our exports, and gensim's answers match ours. These tests fail, never skip, when the tools are missing:
// CI installs them with `apt-get install -y python3-gensim python3-numpy python3-pandas`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analogy } from '../explore/analogy';
import { neighborsOfRow } from '../explore/neighbors';
import { tempDir } from '../testing';
import { exportTable } from './exportTable';
import { readVectors } from './importVectors';
import { spaceFreeKey } from './keys';
import { randomTable } from './testTables';

/** Debian's interpreter: a `python3` earlier on PATH (pyenv) may lack the Debian packages. */
const PYTHON = '/usr/bin/python3';
const APT = 'apt-get install -y python3-gensim python3-numpy python3-pandas';

function python(script: string, ...args: string[]): string {
  const r = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`cannot run ${PYTHON} (${r.error.message}); install it with: ${APT}`);
  if (r.status !== 0) throw new Error(`${PYTHON} failed:\n${r.stderr}`);
  return r.stdout;
}

const KEYS = ['naïve', '東京', 'new york', 'a,b', 'say "hi"', 'tab\there'];
const { table, vocab } = randomTable(1502, 32, 99, (i) => (i < KEYS.length + 2 ? KEYS[i - 2]! : `item${i}`));
const realRows = Array.from({ length: table.rows - 2 }, (_, i) => i + 2);
const f32 = (path: string): Float32Array => {
  const b = readFileSync(path);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const sameBytes = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const realData = table.data.subarray(2 * table.dim);

/** Each test calls this first, so a missing tool fails every test (a failing beforeAll would only skip them). */
let toolsError: Error | null | undefined;
function requireTools(): void {
  if (toolsError === undefined) {
    try {
      python('import gensim, numpy, pandas');
      toolsError = null;
    } catch (err) {
      toolsError = new Error(
        `${PYTHON} cannot import gensim, numpy and pandas; install them with: ${APT}\n${(err as Error).message}`,
      );
    }
  }
  if (toolsError) throw toolsError;
}

/** Runs `f` once, on first use inside a test, so its failure is that test's failure. */
function lazy<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

/** Loads a word2vec file in gensim; returns its keys and writes its vectors (float32 bytes) beside it. */
const LOAD = `
import json, sys
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=sys.argv[2] == 'binary', no_header=sys.argv[2] == 'glove')
open(sys.argv[1] + '.f32', 'wb').write(kv.vectors.astype('<f4').tobytes())
out = {'keys': kv.index_to_key, 'dtype': str(kv.vectors.dtype), 'shape': kv.vectors.shape}
queries = json.loads(sys.argv[3])
out['similar'] = [kv.most_similar(q, topn=10) for q in queries]
a, b, c = queries[:3]
out['cosadd'] = kv.most_similar(positive=[a, c], negative=[b], topn=10)
out['cosmul'] = kv.most_similar_cosmul(positive=[a, c], negative=[b], topn=10)
print(json.dumps(out))
`;

interface GensimAnswer {
  keys: string[];
  dtype: string;
  shape: [number, number];
  similar: [string, number][][];
  cosadd: [string, number][];
  cosmul: [string, number][];
}

describe.each([
  ['word2vec', 'items.word2vec.txt', 'text'],
  ['word2vec-binary', 'items.word2vec.bin', 'binary'],
  ['glove', 'items.glove.txt', 'glove'],
] as const)('gensim KeyedVectors.load_word2vec_format reads our %s export', (format, name, mode) => {
  const queryRows = [10, 200, 777, 1500];
  const keyOf = (r: number): string => spaceFreeKey(vocab[r - 2]!.key);
  const gensim = lazy(async () => {
    requireTools();
    await exportTable(format, table, vocab, tmp.dir);
    return JSON.parse(python(LOAD, join(tmp.dir, name), mode, JSON.stringify(queryRows.map(keyOf)))) as GensimAnswer;
  });

  it('with the same keys (whitespace as _) and vectors equal to the last bit of float32', async () => {
    const g = await gensim();
    expect(g.shape).toEqual([1500, 32]);
    expect(g.dtype).toBe('float32');
    expect(g.keys).toEqual(vocab.map((v) => spaceFreeKey(v.key)));
    expect(sameBytes(f32(join(tmp.dir, `${name}.f32`)), realData)).toBe(true);
  });

  it('and its most_similar top-10 equals our cosine neighbours', async () => {
    const g = await gensim();
    queryRows.forEach((q, i) => {
      const ours = neighborsOfRow(table, q, { k: 10, metric: 'cosine' });
      expect(g.similar[i]!.map(([k]) => k)).toEqual(ours.map((n) => keyOf(n.row)));
      g.similar[i]!.forEach(([, s], j) => expect(s).toBeCloseTo(ours[j]!.score, 5));
    });
  });

  it('and its analogies equal ours: most_similar = 3CosAdd, most_similar_cosmul = 3CosMul (ε = 1e-6)', async () => {
    const g = await gensim();
    const [a, b, c] = queryRows as [number, number, number];
    const add = analogy(table, { a, b, c }, { k: 10, method: '3CosAdd' });
    expect(g.cosadd.map(([k]) => k)).toEqual(add.map((n) => keyOf(n.row)));
    const mul = analogy(table, { a, b, c }, { k: 10, method: '3CosMul', epsilon: 1e-6 });
    expect(g.cosmul.map(([k]) => k)).toEqual(mul.map((n) => keyOf(n.row)));
    g.cosmul.forEach(([, s], j) => expect(s).toBeCloseTo(mul[j]!.score, 4));
  });
});

describe('our readers read what gensim writes', () => {
  it.each([
    ['text', false],
    ['binary', true],
  ])('gensim save_word2vec_format %s → identical keys and vectors', async (_, binary) => {
    requireTools();
    const src = join(tmp.dir, 'src.f32');
    writeFileSync(src, Buffer.from(realData.buffer, realData.byteOffset, realData.byteLength));
    const keysPath = join(tmp.dir, 'keys.json');
    const keys = realRows.map((r) => spaceFreeKey(vocab[r - 2]!.key));
    writeFileSync(keysPath, JSON.stringify(keys));
    const out = join(tmp.dir, binary ? 'gensim.bin' : 'gensim.txt');
    python(
      `
import json, sys, numpy as np
from gensim.models import KeyedVectors
keys = json.load(open(sys.argv[2], encoding='utf-8'))
kv = KeyedVectors(32)
kv.add_vectors(keys, np.fromfile(sys.argv[1], dtype='<f4').reshape(-1, 32))
kv.save_word2vec_format(sys.argv[3], binary=sys.argv[4] == 'binary')
`,
      src,
      keysPath,
      out,
      binary ? 'binary' : 'text',
    );
    const got = await readVectors(out);
    expect(got.format).toBe(binary ? 'word2vec-binary' : 'word2vec');
    expect(got.keys).toEqual(keys);
    expect(sameBytes(got.data, realData)).toBe(true);
  });
});

describe('numpy and pandas', () => {
  it('numpy.load reads the .npy (and numpy.save writes the very same bytes); keys and bias beside it', async () => {
    requireTools();
    const r = await exportTable('npy', table, vocab, tmp.dir);
    const [npy, keysFile, biasFile] = r.files as [string, string, string];
    const out = JSON.parse(
      python(
        `
import io, json, sys, numpy as np
a = np.load(sys.argv[1])
b = np.load(sys.argv[3])
buf = io.BytesIO(); np.save(buf, a)
keys = open(sys.argv[2], encoding='utf-8').read().split('\\n')[:-1]
open(sys.argv[1] + '.f32', 'wb').write(a.tobytes())
print(json.dumps({'shape': a.shape, 'dtype': a.dtype.str, 'c': a.flags['C_CONTIGUOUS'], 'keys': keys,
  'same_bytes': buf.getvalue() == open(sys.argv[1], 'rb').read(), 'bias': b.tolist(), 'bias_shape': b.shape}))
`,
        npy,
        keysFile,
        biasFile,
      ),
    ) as {
      shape: number[];
      dtype: string;
      c: boolean;
      keys: string[];
      same_bytes: boolean;
      bias: number[];
      bias_shape: number[];
    };
    expect(out).toMatchObject({ shape: [1500, 32], dtype: '<f4', c: true, same_bytes: true, bias_shape: [1500] });
    expect(out.keys).toEqual(vocab.map((v) => v.key)); // no line breaks in these keys, so exact
    expect(sameBytes(f32(`${npy}.f32`), realData)).toBe(true);
    expect(Float32Array.from(out.bias)).toEqual(table.bias!.subarray(2));
  });

  it('pandas.read_csv reads the CSV: quoted keys exact, float32 values exact, bias as a column', async () => {
    requireTools();
    const r = await exportTable('csv', table, vocab, tmp.dir);
    const out = JSON.parse(
      python(
        `
import json, sys, numpy as np, pandas as pd
df = pd.read_csv(sys.argv[1], dtype={'key': str}, keep_default_na=False)
open(sys.argv[1] + '.f32', 'wb').write(df[[f'd{i}' for i in range(32)]].to_numpy().astype('<f4').tobytes())
print(json.dumps({'columns': list(df.columns), 'keys': df['key'].tolist(), 'bias': df['bias'].tolist()}))
`,
        r.files[0]!,
      ),
    ) as { columns: string[]; keys: string[]; bias: number[] };
    expect(out.columns).toEqual(['key', ...Array.from({ length: 32 }, (_, d) => `d${d}`), 'bias']);
    expect(out.keys).toEqual(vocab.map((v) => v.key));
    expect(sameBytes(f32(`${r.files[0]!}.f32`), realData)).toBe(true);
    expect(Float32Array.from(out.bias)).toEqual(table.bias!.subarray(2));
  });

  // Debian 12 has no python3-pyarrow (nor fastparquet): parquet.test.ts reads our Parquet back with hyparquet.

  it('Python json reads the JSON: exact keys, float32 values', async () => {
    requireTools();
    const r = await exportTable('json', table, vocab, tmp.dir);
    const out = python(
      `
import json, sys, numpy as np
d = json.load(open(sys.argv[1], encoding='utf-8'))
open(sys.argv[1] + '.f32', 'wb').write(np.array(d['vectors'], dtype='<f4').tobytes())
print(json.dumps([d['dim'], d['rows'], d['keys'] == json.load(open(sys.argv[2], encoding='utf-8')), len(d['bias'])]))
`,
      r.files[0]!,
      (() => {
        const p = join(tmp.dir, 'expected-keys.json');
        writeFileSync(p, JSON.stringify(vocab.map((v) => v.key)));
        return p;
      })(),
    );
    expect(JSON.parse(out)).toEqual([32, 1500, true, 1500]);
    expect(sameBytes(f32(`${r.files[0]!}.f32`), realData)).toBe(true);
  });
});
