# The scikit-learn references of bench/tabular.ts on the same table and the same split: a one-hot logistic
# regression (the linear model a tabular embedding model must beat) and HistGradientBoosting. Prints one JSON
# object per model. Usage: python tabular.py TABLE.csv SPLITS.txt CATEGORY,COLUMNS NUMERIC,COLUMNS TARGET
import csv, json, sys, time
import numpy as np
from scipy import sparse
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

path, splits_path, cats, nums, target = sys.argv[1:6]
cats, nums = cats.split(','), [n for n in nums.split(',') if n]
with open(path, newline='') as f:
    rows = list(csv.reader(f))
header, rows = rows[0], rows[1:]
column = lambda name: [r[header.index(name)] for r in rows]
split = np.loadtxt(splits_path, dtype=np.int64)
assert len(split) == len(rows), (len(split), len(rows))
tr, va, te = split == 0, split == 1, split == 2
cat = np.array([column(c) for c in cats], dtype=object).T
classes = sorted(set(column(target)))
y = np.array([classes.index(v) for v in column(target)])

# Numeric columns as the workbench feeds them: standardised on the training rows, missing → 0 plus a flag.
num = np.array([[float(v) if v != '' else np.nan for v in column(n)] for n in nums]).T if nums else np.zeros((len(rows), 0))
missing = np.isnan(num)
scaled = StandardScaler().fit(np.where(missing, np.nan, num)[tr]).transform(np.nan_to_num(num, nan=0.0))
scaled[missing] = 0.0
flags = missing[:, missing.any(axis=0)].astype(float)
numeric = np.hstack([scaled, flags])

def report(name, model, p, seconds, **extra):
    print(json.dumps({'model': name, 'loss': log_loss(y[te], p, labels=range(len(classes))),
                      'accuracy': accuracy_score(y[te], p.argmax(1)), 'seconds': seconds, **extra}), flush=True)

# One-hot of each category column (values unseen in training: all zeros, as the workbench's OOV).
t0 = time.time()
onehot = OneHotEncoder(handle_unknown='ignore').fit(cat[tr])
X = sparse.hstack([onehot.transform(cat), sparse.csr_matrix(numeric)]).tocsr()
best = None
for C in [float(c) for c in (sys.argv[6] if len(sys.argv) > 6 else '1').split(',')]:
    lr = LogisticRegression(C=C, max_iter=1000).fit(X[tr], y[tr])
    valid = log_loss(y[va], lr.predict_proba(X[va]), labels=range(len(classes)))
    if best is None or valid < best[0]: best = (valid, C, lr)
report('logistic regression (one-hot)', best[2], best[2].predict_proba(X[te]), time.time() - t0,
       C=best[1], features=X.shape[1])

# Gradient boosting: native categorical splits where a column has at most 255 values, codes as numbers beyond.
t0 = time.time()
codes = OrdinalEncoder(handle_unknown='use_encoded_value', unknown_value=-1).fit(cat[tr]).transform(cat)
native = [len(set(cat[tr, i])) <= 254 for i in range(len(cats))]
codes[codes < 0] = np.nan
Xg = np.hstack([codes, numeric])
hgb = HistGradientBoostingClassifier(categorical_features=native + [False] * numeric.shape[1], max_iter=300,
                                     early_stopping=True, random_state=42)
hgb.fit(Xg[tr], y[tr])
report('HistGradientBoosting', hgb, hgb.predict_proba(Xg[te]), time.time() - t0, iterations=int(hgb.n_iter_),
       native_categorical=[c for c, n in zip(cats, native) if n])
