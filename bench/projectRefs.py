# The reference 2-D maps for bench/project.ts: scikit-learn's Barnes–Hut TSNE, openTSNE (FFT) and umap-learn,
# each at its defaults, on the same float32 rows. Prints one JSON line: seconds of the fit, peak RSS, version.
# Usage: python projectRefs.py sklearn-tsne|opentsne|umap-learn ROWS.f32 N DIM OUT.f32 THREADS SEED
import json
import resource
import sys
import time

import numpy as np

method, path, n, dim, out, threads, seed = sys.argv[1:8]
n, dim, threads, seed = int(n), int(dim), int(threads), int(seed)
X = np.fromfile(path, dtype=np.float32).reshape(n, dim)

start = time.perf_counter()
if method == 'sklearn-tsne':
    import sklearn
    from sklearn.manifold import TSNE

    version = sklearn.__version__
    # learning_rate 'auto' and init 'pca' are the defaults from 1.2 on; stated so older ones match.
    Y = TSNE(n_components=2, init='pca', learning_rate='auto', random_state=seed, n_jobs=threads).fit_transform(X)
elif method == 'opentsne':
    import openTSNE

    version = openTSNE.__version__
    Y = np.asarray(openTSNE.TSNE(n_jobs=threads, random_state=seed).fit(X.astype(np.float64)))
elif method == 'umap-learn':
    import umap

    version = umap.__version__
    # With a random_state umap-learn runs on one thread; without one it uses n_jobs threads (its fastest).
    Y = umap.UMAP(n_jobs=threads).fit_transform(X)
else:
    raise SystemExit(f'unknown method {method}')
seconds = time.perf_counter() - start
np.ascontiguousarray(Y, dtype=np.float32).tofile(out)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({'seconds': seconds, 'peakMB': peak, 'version': version}))
