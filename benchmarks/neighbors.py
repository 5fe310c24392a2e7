"""Exact cosine top-10 of every item: ``explorer.neighbours.similarity.neighbors`` vs scikit-learn's brute force.

Each case runs in a fresh process (so its peak memory is its own); inside it,
ours and scikit-learn alternate on the same data. Peak memory is the RSS
high-water mark above the RSS before the call (reset between calls through
``/proc/self/clear_refs``): it includes BLAS buffers and everything numpy
allocates, not the input matrix itself. Recall is measured on 2,000 seeded
query rows against an independent float64 brute-force top-10.
"""
from __future__ import annotations

import numpy as np

from .common import (Section, gaussian_mixture, load, mb, measure_peak, median, run_case)

K = 10
TARGET = "≥ 5× faster than sklearn NearestNeighbors(metric='cosine', algorithm='brute') at 50k×50; 100k×384 in < 90 s"

FULL = [  # n, d, our runs, sklearn runs, faiss runs
    (10_000, 50, 3, 3, 1),
    (10_000, 384, 3, 3, 1),
    (50_000, 50, 3, 3, 1),
    (50_000, 384, 3, 1, 0),
    (100_000, 384, 3, 0, 0),
]
SMOKE = [(2_000, 50, 1, 1, 1), (2_000, 384, 1, 0, 0)]


def _reference(X: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    """Float64 brute-force cosine top-k of some rows (self excluded, ties by lower index)."""
    norms = np.linalg.norm(X, axis=1)
    norms[norms == 0] = 1.0
    U = X / norms[:, None]
    out = np.empty((len(rows), k), dtype=np.int64)
    for s in range(0, len(rows), 256):
        block = rows[s:s + 256]
        S = U[block] @ U.T
        S[np.arange(len(block)), block] = -np.inf
        out[s:s + len(block)] = np.argsort(-S, axis=1, kind="stable")[:, :k]
    return out


def _recall(found: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / len(b) for a, b in zip(found.tolist(), exact.tolist())]))


def case(n: int, d: int, ours: int, sklearn: int, faiss: int, seed: int = 0) -> dict:
    """One size, run in its own process."""
    from sklearn.neighbors import NearestNeighbors  # noqa: PLC0415

    from explorer.neighbours import similarity  # noqa: PLC0415

    X, _ = gaussian_mixture(n, d, seed=seed)

    def sk():
        return NearestNeighbors(n_neighbors=K + 1, metric="cosine", algorithm="brute").fit(X).kneighbors(X)

    small = X[:300]
    similarity.neighbors(small, K)  # imports, thread pools, first-call costs: before timing
    NearestNeighbors(n_neighbors=K + 1, metric="cosine", algorithm="brute").fit(small).kneighbors(small)
    rows = np.random.default_rng(1).choice(n, size=min(n, 2000), replace=False)
    exact = _reference(X, rows, K)
    out = {"n": n, "d": d, "ours_s": [], "ours_mb": [], "sk_s": [], "sk_mb": [], "faiss_s": [], "loads": []}
    for r in range(max(ours, sklearn, faiss)):
        out["loads"].append(load())
        if r < ours:
            seconds, extra, (idx, _) = measure_peak(lambda: similarity.neighbors(X, K))
            out["ours_s"].append(seconds)
            out["ours_mb"].append(mb(extra))
            out["recall_ours"] = _recall(idx[rows], exact)
            del idx
        if r < sklearn:
            seconds, extra, (_, I) = measure_peak(sk)
            out["sk_s"].append(seconds)
            out["sk_mb"].append(mb(extra))
            found = np.array([[j for j in I[i] if j != i][:K] for i in rows])
            out["recall_sk"] = _recall(found, exact)
            del I
        if r < faiss:
            seconds, _, (idx, _) = measure_peak(lambda: similarity.neighbors(X, K, backend="faiss"))
            out["faiss_s"].append(seconds)
            del idx
    return out


def run(size: str = "full", repeats: int = 3) -> Section:
    section = Section(
        "neighbors", "Nearest neighbours: exact cosine top-10 of every item", TARGET,
        ["n × d", "runs ours/sk", "ours s", "sklearn s", "sklearn / ours", "ours (faiss backend) s",
         "ours peak MB", "sklearn peak MB", "recall ours", "recall sklearn", "load"],
    )
    plan = SMOKE if size == "smoke" else FULL
    for n, d, ours, sk, fa in plan:
        ours, sk = min(ours, repeats), min(sk, repeats)
        result = run_case("neighbors", "case", n=n, d=d, ours=ours, sklearn=sk, faiss=fa)
        ratio = median(result["sk_s"]) / median(result["ours_s"]) if result["sk_s"] else None
        section.rows.append({
            "n × d": f"{n:,}×{d}", "runs ours/sk": f"{len(result['ours_s'])}/{len(result['sk_s'])}",
            "ours s": median(result["ours_s"]), "sklearn s": median(result["sk_s"]) if result["sk_s"] else None,
            "sklearn / ours": f"{ratio:.1f}×" if ratio else None,
            "ours (faiss backend) s": median(result["faiss_s"]) if result["faiss_s"] else None,
            "ours peak MB": median(result["ours_mb"]),
            "sklearn peak MB": median(result["sk_mb"]) if result["sk_mb"] else None,
            "recall ours": result.get("recall_ours"), "recall sklearn": result.get("recall_sk"),
            "load": f"{median(result['loads']):.1f}", "_n": n, "_d": d, "_ratio": ratio,
            "_ours": median(result["ours_s"]), "_raw": result,
        })
        section.notes.append(f"{n:,}×{d}, per run (s): ours " + ", ".join(f"{t:.2f}" for t in result["ours_s"])
                             + ("; sklearn " + ", ".join(f"{t:.2f}" for t in result["sk_s"]) if result["sk_s"] else ""))
    by_case = {(r["_n"], r["_d"]): r for r in section.rows}
    parts = []
    if (50_000, 50) in by_case:
        r = by_case[(50_000, 50)]
        parts.append(f"50k×50 {r['_ratio']:.1f}× ({'met' if r['_ratio'] >= 5 else 'MISSED'})")
    if (100_000, 384) in by_case:
        r = by_case[(100_000, 384)]
        parts.append(f"100k×384 {r['_ours']:.0f} s ({'met' if r['_ours'] < 90 else 'MISSED'})")
    section.verdict = "; ".join(parts) or "smoke size: not the target cases"
    section.notes += [
        "Ours: `explorer.neighbours.similarity.neighbors(X, 10)` (float32 candidates by blocked sgemm on one BLAS thread per"
        " core, each 512×512 block serving both of its items, then every pair re-scored in float64 and any row"
        " that could hide a closer item redone exactly). sklearn: `NearestNeighbors(n_neighbors=11,"
        " metric='cosine', algorithm='brute').fit(X).kneighbors(X)`, itself dropped from its answer.",
        "Data: seeded mixture of 10 Gaussians (centres spread 2, noise 1), float64.",
        "Peak MB: RSS high-water mark above the RSS before the call (input matrix excluded).",
        "'ours (faiss backend)': the same function with `backend='faiss'` (exact IndexFlatIP candidates, all"
        " faiss OpenMP threads), one run, for the choice of the default engine.",
        "sklearn at 50k×384 runs once (about a minute here, 2.4 GB) and not at all at 100k×384 (about 4× the"
        " time); ours runs alone there.",
    ]
    return section
