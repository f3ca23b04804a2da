"""The reference tools of bench/cf.ts, one per subcommand, each reading the CSV files the bench wrote (the same
rows ewb imports) and printing one JSON line:

  torch    TRAIN TEST DIM EPOCHS LR WD THREADS SEED   biased MF in PyTorch (Debian's python3: python3-torch)
  surprise TRAIN TEST SEED                             Surprise's SVD at its defaults (.venv-bench)
  implicit TRAIN OUT FACTORS ITERATIONS REG CONFIDENCE THREADS SEED
                                                       implicit's ALS (.venv-bench), every interaction given the
                                                       matrix entry CONFIDENCE; factors written to OUT.*

Ratings files have the columns userId,movieId,rating; implicit files userId,movieId.
"""
import csv
import json
import math
import sys
import time


def read(path, with_rating=True):
    with open(path, newline="") as f:
        return [(r["userId"], r["movieId"], float(r["rating"]) if with_rating else 1.0) for r in csv.DictReader(f)]


def torch_mf(train_path, test_path, dim, epochs, lr, wd, threads, seed):
    """The usual tutorial model: nn.Embedding factors and biases, MSE, Adam with weight decay, batch 1024.
    Every epoch's test RMSE is printed; the bench takes the best (an upper bound of what early stopping gets)."""
    import torch

    torch.set_num_threads(int(threads))
    torch.manual_seed(int(seed))
    train, test = read(train_path), read(test_path)
    uid, iid = {}, {}
    for u, i, _ in train + test:
        uid.setdefault(u, len(uid))
        iid.setdefault(i, len(iid))

    def tensors(rows):
        return (torch.tensor([uid[u] for u, _, _ in rows]), torch.tensor([iid[i] for _, i, _ in rows]),
                torch.tensor([r for _, _, r in rows], dtype=torch.float32))

    (tu, ti, tr), (su, si, sr) = tensors(train), tensors(test)
    mu = tr.mean().item()
    dim = int(dim)
    P, Q = torch.nn.Embedding(len(uid), dim), torch.nn.Embedding(len(iid), dim)
    bu, bi = torch.nn.Embedding(len(uid), 1), torch.nn.Embedding(len(iid), 1)
    for e in (P, Q):
        torch.nn.init.normal_(e.weight, std=0.1)
    for e in (bu, bi):
        torch.nn.init.zeros_(e.weight)
    params = [e.weight for e in (P, Q, bu, bi)]

    def predict(u, i):
        return mu + bu(u).squeeze(-1) + bi(i).squeeze(-1) + (P(u) * Q(i)).sum(-1)

    opt = torch.optim.Adam(params, lr=float(lr), weight_decay=float(wd))
    out = []
    for epoch in range(1, int(epochs) + 1):
        start = time.perf_counter()
        perm = torch.randperm(len(tr))
        for b in range(0, len(tr), 1024):
            idx = perm[b:b + 1024]
            loss = torch.nn.functional.mse_loss(predict(tu[idx], ti[idx]), tr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        seconds = time.perf_counter() - start
        with torch.no_grad():
            rmse = math.sqrt(((predict(su, si).clamp(0.5, 5) - sr) ** 2).mean().item())
        out.append({"epoch": epoch, "testRmse": rmse, "seconds": seconds})
    print(json.dumps({"epochs": out}))


def surprise_svd(train_path, test_path, seed):
    from surprise import SVD, Dataset, Reader

    reader = Reader(rating_scale=(0.5, 5))
    trainset = Dataset(reader).construct_trainset([(u, i, r, None) for u, i, r in read(train_path)])
    algo = SVD(random_state=int(seed))
    start = time.perf_counter()
    algo.fit(trainset)
    seconds = time.perf_counter() - start
    errors = [(algo.predict(u, i).est - r) ** 2 for u, i, r in read(test_path)]
    print(json.dumps({"testRmse": math.sqrt(sum(errors) / len(errors)), "seconds": seconds}))


def implicit_als(train_path, out, factors, iterations, reg, confidence, threads, seed):
    """implicit's confidence is its alpha (left at its default, 1) times the matrix entry: the entry 1 + α gives
    every interaction the confidence 1 + α·1 of Hu et al. that ewb's ials uses; the entry 1 is what a user of
    implicit's defaults gets from binary data."""
    import numpy as np
    import scipy.sparse as sp
    import threadpoolctl
    from implicit.cpu.als import AlternatingLeastSquares

    threadpoolctl.threadpool_limits(1, "blas")  # as implicit asks: its own threads, single-threaded BLAS
    rows = read(train_path, with_rating=False)
    uid, iid = {}, {}
    for u, i, _ in rows:
        uid.setdefault(u, len(uid))
        iid.setdefault(i, len(iid))
    entries = np.full(len(rows), float(confidence), dtype=np.float32)
    user_items = sp.csr_matrix((entries, ([uid[u] for u, _, _ in rows], [iid[i] for _, i, _ in rows])),
                               shape=(len(uid), len(iid)))
    model = AlternatingLeastSquares(factors=int(factors), iterations=int(iterations), regularization=float(reg),
                                    alpha=1.0, num_threads=int(threads), random_state=int(seed))
    wall, cpu = time.perf_counter(), time.process_time()
    model.fit(user_items, show_progress=False)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    np.asarray(model.user_factors, dtype=np.float32).tofile(out + ".users.f32")
    np.asarray(model.item_factors, dtype=np.float32).tofile(out + ".items.f32")
    with open(out + ".keys.json", "w") as f:
        json.dump({"users": list(uid), "items": list(iid)}, f)
    print(json.dumps({"seconds": wall, "cpuSeconds": cpu, "factors": int(factors)}))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"torch": torch_mf, "surprise": surprise_svd, "implicit": implicit_als}[command](*args)
