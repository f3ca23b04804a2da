// The PyTorch anchor of the rating benchmarks (mfTorch.ts, tune.ts), run by Debian's /usr/bin/python3 with
// python3-torch: `mf_torch.py CSV THREADS MAX_EPOCHS PATIENCE LR WEIGHT_DECAY DIM [MIN MAX]` on a CSV of
// userId,movieId,rating,split; prints one JSON line with the best epoch by valid RMSE and its test RMSE.
// The anchor: biased MF in PyTorch, as the usual tutorial writes it (nn.Embedding factors and biases, dense
// gradients, Adam with weight decay, MSE, batch 1024), on the same rows; early stop on valid RMSE.
export const TORCH_SCRIPT = `import csv, json, math, sys, time
import torch
path, threads, max_epochs, patience, lr, wd, dim = sys.argv[1:8]
threads, max_epochs, patience, dim = int(threads), int(max_epochs), int(patience), int(dim)
lr, wd = float(lr), float(wd)
# The rating scale predictions are clamped to (ml-latest-small: 0.5 to 5).
lo, hi = (float(sys.argv[8]), float(sys.argv[9])) if len(sys.argv) > 9 else (1.0, 5.0)
torch.set_num_threads(threads)
torch.manual_seed(42)
uid, iid, rows = {}, {}, {"train": [], "valid": [], "test": []}
with open(path, newline="") as f:
    for r in csv.DictReader(f):
        u = uid.setdefault(r["userId"], len(uid))
        i = iid.setdefault(r["movieId"], len(iid))
        rows[r["split"]].append((u, i, float(r["rating"])))
def tensors(split):
    t = rows[split]
    return (torch.tensor([x[0] for x in t]), torch.tensor([x[1] for x in t]),
            torch.tensor([x[2] for x in t], dtype=torch.float32))
train, valid, test = tensors("train"), tensors("valid"), tensors("test")
mu = train[2].mean().item()

class BiasedMF(torch.nn.Module):
    def __init__(self, users, items, dim):
        super().__init__()
        self.P, self.Q = torch.nn.Embedding(users, dim), torch.nn.Embedding(items, dim)
        self.bu, self.bi = torch.nn.Embedding(users, 1), torch.nn.Embedding(items, 1)
        for e in (self.P, self.Q):
            torch.nn.init.normal_(e.weight, std=0.1)
        for e in (self.bu, self.bi):
            torch.nn.init.zeros_(e.weight)
    def forward(self, u, i):
        return mu + self.bu(u).squeeze(-1) + self.bi(i).squeeze(-1) + (self.P(u) * self.Q(i)).sum(-1)

model = BiasedMF(len(uid), len(iid), dim)
opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=wd)
def rmse(split):
    with torch.no_grad():
        u, i, r = split
        return math.sqrt(((model(u, i).clamp(lo, hi) - r) ** 2).mean().item())
n, seconds, epoch_rates, best, epochs = len(train[2]), 0.0, [], None, 0
for epoch in range(1, max_epochs + 1):
    t = time.perf_counter()
    perm = torch.randperm(n)
    for b in range(0, n, 1024):
        idx = perm[b:b + 1024]
        loss = torch.nn.functional.mse_loss(model(train[0][idx], train[1][idx]), train[2][idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    dt = time.perf_counter() - t
    seconds += dt
    epoch_rates.append(n / dt)
    epochs = epoch
    v, te = rmse(valid), rmse(test)
    print(f"  epoch {epoch}: valid {v:.4f} test {te:.4f} {n / dt:,.0f}/s", file=sys.stderr)
    if best is None or v < best[1]:
        best = (epoch, v, te)
    elif epoch - best[0] >= patience:
        break
print(json.dumps({"rate": n * epochs / seconds, "epochRates": epoch_rates, "epochs": epochs,
                  "bestEpoch": best[0], "validRmse": best[1], "testRmse": best[2]}))
`;
