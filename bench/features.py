# LightFM on the exact split bench/features.ts exported, with the workbench's metrics re-implemented: Recall@K
# and NDCG@K over users with held-out positives, training items excluded; `cold:` ranks only the items without a
# training positive, `warm:` the held-out positives of the other items. Item features: identity + the exported
# features, each row normalised to sum 1 (LightFM's Dataset default), or identity only. Prints one JSON line per
# model and seed (random_state 42, 43 …). Usage: python features.py DIR DIM EPOCHS THREADS [SEEDS]
import json, sys, time
import numpy as np
from scipy import sparse
from lightfm import LightFM

d, dim, epochs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
seeds = int(sys.argv[5]) if len(sys.argv) > 5 else 1
sizes = json.load(open(f'{d}/sizes.json'))
U, I, F, K = sizes['users'], sizes['items'], sizes['features'], sizes['k']
pairs = lambda name: np.loadtxt(f'{d}/{name}.txt', dtype=np.int64, ndmin=2)
def matrix(p):
    return sparse.csr_matrix((np.ones(len(p), dtype=np.float32), (p[:, 0], p[:, 1])), shape=(U, I))
train, valid, test = matrix(pairs('train')), matrix(pairs('valid')), matrix(pairs('test'))
train.data[:] = 1
cold = np.ones(I, dtype=bool); cold[:2] = False; cold[np.unique(train.indices)] = False
f = np.loadtxt(f'{d}/features.txt', dtype=np.float64, ndmin=2)
meta = sparse.csr_matrix((f[:, 2], (f[:, 0].astype(int), f[:, 1].astype(int))), shape=(I, F))
with_meta = sparse.hstack([sparse.identity(I, format='csr'), meta]).tocsr()
with_meta = sparse.diags(1 / np.maximum(with_meta.sum(axis=1).A1, 1e-12)) @ with_meta

def metrics(model, features, held, among_cold):
    rec, ndcg, users = 0.0, 0.0, 0
    items = np.arange(I, dtype=np.int32)
    for u in range(U):
        rel = held.indices[held.indptr[u]:held.indptr[u + 1]]
        rel = rel[cold[rel]] if among_cold == 'cold' else rel[~cold[rel]] if among_cold == 'warm' else rel
        if len(rel) == 0: continue
        s = model.predict(u, items, item_features=features, num_threads=threads)
        s[:2] = -np.inf
        if among_cold == 'cold': s[~cold] = -np.inf
        else: s[train.indices[train.indptr[u]:train.indptr[u + 1]]] = -np.inf
        top = np.argpartition(-s, K)[:K]; top = top[np.argsort(-s[top], kind='stable')]
        hit = np.isin(top, rel)
        rec += hit.sum() / len(rel)
        dcg = (hit / np.log2(np.arange(2, K + 2))).sum()
        ndcg += dcg / (1 / np.log2(np.arange(2, min(K, len(rel)) + 2))).sum()
        users += 1
    # A split with no such positives (a dev split's valid rows are all warm) reports nothing rather than 0.
    if users == 0: return {f'recall@{K}': None, f'ndcg@{K}': None, 'users': 0}
    return {f'recall@{K}': rec / users, f'ndcg@{K}': ndcg / users, 'users': users}

for name, features, seed in [(n, f, s) for n, f in [('lightfm', None), ('lightfm + features', with_meta)] for s in range(seeds)]:
    t0 = time.time()
    model = LightFM(no_components=dim, loss='warp', learning_rate=0.05, random_state=42 + seed)
    model.fit(train, item_features=features, epochs=epochs, num_threads=threads)
    seconds = time.time() - t0
    out = {'model': name, 'seed': seed, 'seconds': seconds}
    for split, held in [('valid', valid), ('test', test)]:
        for view in ['all', 'cold', 'warm']:
            m = metrics(model, features, held, view)
            prefix = '' if view == 'all' else f'{view}:'
            out[f'{split} {prefix}recall@{K}'] = m[f'recall@{K}']
            out[f'{split} {prefix}ndcg@{K}'] = m[f'ndcg@{K}']
    print(json.dumps(out), flush=True)
