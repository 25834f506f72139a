"""scikit-learn's side of `npm run bench -- --only cluster` (driven by scripts/bench/cluster.ts).

Reads one JSON command per line on stdin, answers one JSON line on stdout:
  {"op": "load", "name": "blobs", "path": "/tmp/x.f64", "d": 2}      -> {"n": ...}
  {"op": "run", "case": "kmeans", "name": "blobs", ...parameters}   -> {"ms": ..., "inertia": ..., ...}
Only the fit is timed (time.perf_counter), on data already in memory, like the TypeScript side.
Threads: OMP_NUM_THREADS / OPENBLAS_NUM_THREADS from the environment (the driver sets them).
"""

import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.cluster import KMeans, MeanShift, MiniBatchKMeans, estimate_bandwidth

warnings.simplefilter("ignore")
data = {}


def timed(fit):
    start = time.perf_counter()
    result = fit()
    return (time.perf_counter() - start) * 1000, result


def run(cmd):
    X = data[cmd["name"]]
    case = cmd["case"]
    if case == "kmeans":
        init = np.array(cmd["init"], dtype=float) if "init" in cmd else "k-means++"
        ms, km = timed(lambda: KMeans(cmd["nClusters"], init=init, n_init=cmd["nInit"], random_state=cmd["seed"]).fit(X))
        return {"ms": ms, "inertia": float(km.inertia_), "nIter": int(km.n_iter_)}
    if case == "minibatch":
        params = dict(batch_size=cmd["batchSize"], n_init=cmd["nInit"], random_state=cmd["seed"])
        if "maxIter" in cmd:
            params["max_iter"] = cmd["maxIter"]
        if cmd.get("noEarlyStop"):
            params["max_no_improvement"] = None
        ms, mb = timed(lambda: MiniBatchKMeans(cmd["nClusters"], **params).fit(X))
        return {"ms": ms, "inertia": float(mb.inertia_), "nIter": int(mb.n_iter_), "nSteps": int(mb.n_steps_)}
    if case == "meanshift":
        ms, m = timed(lambda: MeanShift(bandwidth=cmd["bandwidth"], bin_seeding=True).fit(X))
        return {"ms": ms, "nClusters": int(len(m.cluster_centers_)), "nIter": int(m.n_iter_),
                "centers": m.cluster_centers_.tolist()}
    if case == "bandwidth":
        ms, bw = timed(lambda: estimate_bandwidth(X, quantile=cmd["quantile"]))
        return {"ms": ms, "bandwidth": float(bw)}
    raise ValueError(f"unknown case {case}")


def main():
    print(json.dumps({"ready": True, "sklearn": sklearn.__version__, "numpy": np.__version__}), flush=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["op"] == "load":
            data[cmd["name"]] = np.fromfile(cmd["path"], dtype="<f8").reshape(-1, cmd["d"])
            answer = {"n": int(data[cmd["name"]].shape[0])}
        else:
            answer = run(cmd)
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
