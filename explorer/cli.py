"""The ``explorer`` command: project, neighbors, compare.

Exit 0 on success, 2 on bad input with one ``error: …`` line on stderr;
warnings go to stderr as ``warning: …``.
"""
from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import Sequence

import numpy as np

from . import __version__, ingest, quality
from .errors import ExplorerError, InputError
from .neighbours import similarity
from .pipeline import Pipeline, Preparation, Roles, Source
from .present import export
from .project import (FIT_ROWS_DEFAULT, METHODS, ProjectionSpec, explain_fit, fit_linear, linear_preset,
                      rows_of)
from .run.dask import cluster as dask_cluster
from .table import MISSING, SCALINGS
from .words import say

COMPARE_KEYS = ("method", "seconds", "trustworthiness", "continuity", "knn_recall", "shepard")


def _names(text: str | None) -> list[str] | None:
    return None if text is None else [name.strip() for name in text.split(",") if name.strip()]


def _warn(lines: Sequence[str]) -> None:
    for line in lines:
        print(f"warning: {line}", file=sys.stderr)


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="CSV/TSV/TXT/Parquet/XLSX file, or a TF-Projector vectors.tsv")
    parser.add_argument("--metadata", help="TF-Projector metadata.tsv (labels, categories)")
    parser.add_argument("--label", help="column that names the items")
    parser.add_argument("--features", help="comma-separated feature columns (default: every numeric column)")
    parser.add_argument("--exclude", help="comma-separated columns that are not features")
    parser.add_argument("--scale", choices=SCALINGS, help="feature scaling (default none)")
    parser.add_argument("--missing", choices=MISSING, help="missing values: drop rows, column mean, or error (default drop)")
    parser.add_argument("--seed", type=int, help="random seed (default 0)")
    parser.add_argument("--dims", type=int, choices=(2, 3), help="output dimensions (default 2)")
    parser.add_argument("--perplexity", type=float, help="t-SNE perplexity (default 30)")
    parser.add_argument("--n-neighbors", type=int, help="UMAP n_neighbors (default 15)")
    parser.add_argument("--min-dist", type=float, help="UMAP min_dist (default 0.1)")


def _add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=("memory", "dask"),
                        help="memory: read the whole table (default); dask: Parquet files, folders or globs of any "
                             "size, in partitions on a Dask cluster, with the in-memory coordinates (default for "
                             f"folders, globs, URLs and Parquet files over {ingest.MAX_CELLS:,} cells)")
    parser.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                        help="Dask engine: run on this running cluster (default: a local cluster on this machine, "
                             "or Dask's scheduler-address setting, DASK_SCHEDULER_ADDRESS)")
    parser.add_argument("--workers", type=int, metavar="N",
                        help="Dask engine: worker processes of the local cluster (default one per core); with "
                             "--scheduler, wait for N workers")
    parser.add_argument("--batch-rows", type=int, metavar="N",
                        help="Dask engine: rows per partition (default: whole row groups, about "
                             "5,000,000 feature values per partition); implies --engine dask")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="explorer", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"explorer {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("project", help="project a table to 2-D/3-D and write coordinates")
    _add_input_options(p)
    p.add_argument("--method", choices=METHODS, help="projection method (default pca)")
    p.add_argument("--weights", help="linear map W as CSV: a header of feature names, one row per output axis")
    p.add_argument("--bias", help="linear map b, comma-separated (one value per axis)")
    p.add_argument("--fit-to", metavar="TARGETS.csv",
                   help="linear map: fit W and b so that the items named in TARGETS.csv (label, x, y[, z]) land at "
                        "those positions (least squares; exact where possible); prints W and b")
    p.add_argument("--neighbors", type=int, metavar="K", help="add each item's K most similar items (cosine)")
    p.add_argument("--out", default="-",
                   help="coordinates CSV, or - for standard output (default); with the Dask engine a path not ending "
                        "in .csv is a folder of Parquet part files (with a row number column)")
    p.add_argument("--html", help="also write the figure as a standalone HTML file")
    p.add_argument("--recipe-out", help="write a recipe JSON that replays this projection")
    p.add_argument("--recipe", help="replay a recipe JSON (flags given here override it)")
    _add_engine_options(p)
    p.add_argument("--fit-rows", type=int, metavar="N",
                   help=f"t-SNE/UMAP: fit the layout on a seeded sample of N rows and place the others into it "
                        f"(default {FIT_ROWS_DEFAULT:,})")

    n = commands.add_parser("neighbors", help="the items most similar to one item, in the original space")
    _add_input_options(n)
    n.add_argument("--item", required=True, help="label of the item")
    n.add_argument("-k", type=int, default=5, help="how many neighbours (default 5)")
    n.add_argument("--metric", choices=("cosine", "euclidean"), default="cosine")
    _add_engine_options(n)

    v = commands.add_parser("view", help="open the page on a file (no upload step) and print its address")
    v.add_argument("input", help="CSV/TSV/TXT/Parquet/XLSX/JSON/NumPy file, or a TF-Projector vectors.tsv")
    v.add_argument("--metadata", help="TF-Projector metadata.tsv (labels, categories)")
    v.add_argument("--method", default="pca", metavar="pca[,tsne,…]",
                   help=f"the methods shown first, comma-separated, up to 4 of {', '.join(METHODS)} (default pca)")
    v.add_argument("--port", type=int, default=8501, help="the page's port (default 8501)")
    v.add_argument("--address", default="127.0.0.1",
                   help="the address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every interface)")

    c = commands.add_parser("compare", help="score several methods for faithfulness to the original space")
    _add_input_options(c)
    c.add_argument("--methods", default="pca,tsne,umap,linear", help="comma-separated methods")
    c.add_argument("-k", type=int, default=10, help="neighbourhood size for the scores (default 10)")
    c.add_argument("--metric", choices=("euclidean", "cosine"), default="euclidean",
                   help="closeness in the original space (default euclidean, as scikit-learn's trustworthiness)")
    c.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def _pipeline(args: argparse.Namespace, recipe: export.Recipe | None = None, keep: Sequence[str] = ()) -> Pipeline:
    """The input read with the flags' roles and preparation (the recipe's where a flag is not given); the
    reader's and the preparation's notes printed as warnings."""
    roles = recipe.roles if recipe else {}
    prep = recipe.preprocess if recipe else {}
    features = _names(args.features) or roles.get("features")
    pipeline = Pipeline(
        Source.from_path(args.input, args.metadata),
        Roles(label=args.label or roles.get("label"), features=tuple(features) if features else None,
              exclude=tuple(_names(args.exclude) or roles.get("exclude") or ())),
        Preparation(scaling=args.scale or prep.get("scaling", "none"), missing=args.missing or prep.get("missing", "drop"),
                    keep=tuple(keep)),
    )
    _warn(pipeline.table.notes)
    _warn(pipeline.prepared.notes)
    return pipeline


def _spec(args: argparse.Namespace, method: str, X: np.ndarray, features: list[str],
          base: dict | None = None, labels: Sequence[str] = ()) -> ProjectionSpec:
    """The spec from the flags, then the recipe, then the defaults (in that order of precedence)."""
    base = base or {}
    params = dict(base.get("params", {})) if base.get("method") == method else {}
    fit_rows = getattr(args, "fit_rows", None)
    flags = {"tsne": {"perplexity": args.perplexity, "fit_rows": fit_rows},
             "umap": {"n_neighbors": args.n_neighbors, "min_dist": args.min_dist, "fit_rows": fit_rows}}
    params.update({key: value for key, value in flags.get(method, {}).items() if value is not None})
    dims = args.dims or base.get("dims", 2)
    seed = args.seed if args.seed is not None else base.get("seed", 0)
    if method == "linear":
        weights = getattr(args, "weights", None)
        if getattr(args, "fit_to", None):
            params.update(_fitted(args, X, features, labels, dims if args.dims else None))
            dims = len(params["weights"])
        elif weights:
            names, W = ingest.read_weights(Path(weights))
            params.update(weights=W.tolist(), features=names, bias=_bias(args.bias, len(W)))
            dims = len(W)
        elif "weights" not in params:
            W, b, axis_names = linear_preset(X, features, "random", dims=dims, seed=seed)
            _warn([say("cli_random_weights", seed=seed)])
            params.update(weights=W.tolist(), bias=b.tolist(), features=features, axis_names=axis_names)
    return ProjectionSpec(method=method, dims=dims, seed=seed, params=params)


def _fitted(args: argparse.Namespace, X: np.ndarray, features: list[str], labels: Sequence[str],
            dims: int | None) -> dict:
    """The linear map fitted to --fit-to's target positions; W and b printed to stderr, ready for --weights/--bias."""
    if args.weights:
        raise InputError(say("cli_fit_and_weights"))
    targets, T, axes = ingest.read_targets(Path(args.fit_to))
    if dims is not None and dims != T.shape[1]:
        raise InputError(say("fit_dims", given=T.shape[1], dims=dims))
    fitted = fit_linear(X, T, rows_of(labels, targets, what=Path(args.fit_to).name), features=features)
    for line in explain_fit(fitted, labels):
        print(line, file=sys.stderr)
    print("W (one row per axis; save as W.csv for --weights):", file=sys.stderr)
    print(",".join(["axis", *features]), file=sys.stderr)
    for axis, row in zip(axes, fitted.W):
        print(",".join([axis, *map(repr, row.tolist())]), file=sys.stderr)
    print(f"b (for --bias): {','.join(map(repr, fitted.b.tolist()))}", file=sys.stderr)
    return {"weights": fitted.W.tolist(), "bias": fitted.b.tolist(), "features": list(features), "axis_names": axes}


def _bias(text: str | None, k: int) -> list[float]:
    if not text:
        return [0.0] * k
    try:
        return [float(v) for v in text.split(",")]
    except ValueError:
        raise InputError(say("cli_bias", text=text, k=k, example=",".join(["0"] * k))) from None


def _kept_features(args: argparse.Namespace, method: str, base: dict | None = None) -> list[str]:
    """The columns a user's W names (from --weights, or the recipe's linear map): never dropped as constant."""
    if method != "linear":
        return []
    if args.weights:
        return ingest.read_weights(Path(args.weights))[0]
    if base and base.get("method") == "linear":
        return base.get("params", {}).get("features") or []
    return []


def cmd_project(args: argparse.Namespace) -> int:
    if _engine(args) == "dask":
        return _project_on_dask(args)
    recipe = export.Recipe.from_json(Path(args.recipe).read_bytes()) if args.recipe else None
    base = recipe.projection if recipe else {}
    method = args.method or ("linear" if args.fit_to else base.get("method", "pca"))
    if args.fit_to and method != "linear":
        raise InputError(say("cli_fit_method", method=method))
    pipeline = _pipeline(args, recipe, _kept_features(args, method, base))
    if recipe and recipe.input_fingerprint and pipeline.source.fingerprint != recipe.input_fingerprint:
        _warn([say("recipe_other_file", input=args.input, name=recipe.input_name)])
    prepared = pipeline.prepared
    spec = _spec(args, method, prepared.X, prepared.features, base, prepared.labels)
    result = pipeline.project(spec)
    _warn(result.warnings)
    frame = pipeline.coordinates(result, neighbors=args.neighbors or 0)
    if args.out == "-":
        sys.stdout.write(export.csv_bytes(frame).decode("utf-8-sig"))
    else:
        Path(args.out).write_bytes(export.csv_bytes(frame))
    if args.html:
        from .present import figures

        table = pipeline.table
        colour = table.category_values(prepared.rows)
        first = table.categories[0] if table.categories else ""
        fig = figures.scatter(result.Y, prepared.labels, title=method, color=colour.get(first),
                              axis_names=result.axis_names, color_name=first)
        Path(args.html).write_text(export.figure_html(fig), encoding="utf-8")
    if args.recipe_out:
        Path(args.recipe_out).write_text(pipeline.recipe(spec).to_json(), encoding="utf-8")
    return 0


# Options that need the whole table in memory (the catalogue's whole_<option> says why).
WHOLE_TABLE = ("metadata", "fit_to", "neighbors", "html", "recipe", "recipe_out")


def _progress(text: str) -> None:
    print(f"progress: {text}", file=sys.stderr, flush=True)


def _engine(args: argparse.Namespace) -> str:
    """memory or dask: as asked, or dask for what the in-memory reader cannot take (with a warning)."""
    asked = [flag for flag, value in (("--batch-rows", args.batch_rows), ("--scheduler", args.scheduler),
                                      ("--workers", args.workers)) if value is not None]
    if args.engine == "memory":
        if asked:
            raise InputError(say("dask_engine_conflict", flags=", ".join(asked)))
        return "memory"
    if args.engine == "dask" or asked:
        return "dask"
    why = dask_cluster.beyond_memory(args.input)
    if why:
        _warn([why])
        return "dask"
    return "memory"


def _project_on_dask(args: argparse.Namespace) -> int:
    """Project on a Dask cluster (explorer.run.dask): coordinates only, the table never held whole."""
    for option in WHOLE_TABLE:
        if getattr(args, option):
            raise InputError(say("dask_whole_table", why=say(f"whole_{option}")))
    dask_cluster.require()
    from .run.dask import project as dask_project

    method = args.method or "pca"
    with dask_cluster.session(args.scheduler, args.workers, _progress) as client:
        dask_project.project(
            client, args.input, method, lambda X, features: _spec(args, method, X, features), args.out,
            label=args.label, features=_names(args.features), exclude=_names(args.exclude) or (),
            scaling=args.scale or "none", missing=args.missing or "drop", keep=_kept_features(args, method),
            batch_rows=args.batch_rows, progress=_progress, warn=_warn)
    return 0


def find_item(labels: Sequence[str], item: str) -> int:
    """Row of the item called ``item``; a clear error with close matches when there is none."""
    matches = [i for i, label in enumerate(labels) if label == item]
    if not matches:
        close = difflib.get_close_matches(item, list(dict.fromkeys(labels)), n=3)
        hint = say("cli_did_you_mean", names=", ".join(close)) if close else say("cli_check_label")
        raise InputError(say("cli_no_item", item=item, hint=hint))
    if len(matches) > 1:
        _warn([say("cli_item_twice", n=len(matches), item=item, row=matches[0] + 1)])
    return matches[0]


def cmd_neighbors(args: argparse.Namespace) -> int:
    if _engine(args) == "dask":
        if args.metadata:
            raise InputError(say("dask_whole_table", why=say("whole_metadata")))
        dask_cluster.require()
        from .run.dask import neighbours as dask_neighbours

        with dask_cluster.session(args.scheduler, args.workers, _progress) as client:
            found = dask_neighbours.neighbors(
                client, args.input, args.item, k=args.k, metric=args.metric, label=args.label,
                features=_names(args.features), exclude=_names(args.exclude) or (), scaling=args.scale or "none",
                missing=args.missing or "drop", batch_rows=args.batch_rows, progress=_progress, warn=_warn)
    else:
        prepared = _pipeline(args).prepared
        i = find_item(prepared.labels, args.item)
        idx, score = similarity.neighbors_of(prepared.X, i, k=args.k, metric=args.metric)
        found = [(prepared.labels[j], s) for j, s in zip(idx, score)]
    print("rank,label,similarity" if args.metric == "cosine" else "rank,label,distance")
    for rank, (label, s) in enumerate(found, start=1):
        print(f"{rank},{export.neutralize(label)},{s:.4f}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    pipeline = _pipeline(args)
    prepared = pipeline.prepared
    methods = _names(args.methods) or []
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        raise InputError(say("cli_unknown_method", method=unknown[0], valid=", ".join(METHODS)))
    rows = []
    for method in methods:
        spec = _spec(args, method, prepared.X, prepared.features)
        result = pipeline.project(spec)
        _warn(result.warnings)
        scores = quality.score(prepared.X, result.Y, k=args.k, metric=args.metric)
        rows.append({"method": method, "seconds": round(result.seconds, 3),
                     **{key: round(float(scores[key]), 4) for key in COMPARE_KEYS[2:]}})
    if args.json:
        print(json.dumps(rows))
    else:
        print(f"{'method':<8}{'seconds':>9}{'trust':>8}{'contin':>8}{'recall':>8}{'shepard':>9}")
        for row in rows:
            print(f"{row['method']:<8}{row['seconds']:>9.3f}{row['trustworthiness']:>8.4f}"
                  f"{row['continuity']:>8.4f}{row['knn_recall']:>8.4f}{row['shepard']:>9.4f}")
    return 0


def _view_methods(text: str) -> tuple[str, ...]:
    methods = tuple(dict.fromkeys(_names(text) or []))
    if not methods or len(methods) > 4 or any(m not in METHODS for m in methods):
        raise InputError(say("cli_view_methods", given=text, valid=", ".join(METHODS)))
    return methods


def cmd_view(args: argparse.Namespace) -> int:
    """Read the file as every command does (its notes as warnings; a file the page cannot show fails here, in
    words, before any server starts), then run the page on it (``explorer.opened``) until stopped."""
    from . import opened

    methods = _view_methods(args.method)
    if not 0 < args.port < 65536:
        raise InputError(say("cli_view_port", port=args.port))
    if not opened.app_path().is_file():
        raise InputError(say("cli_view_no_app", path=opened.app_path()))
    pipeline = Pipeline(Source.from_path(args.input, args.metadata))  # the same reader as the page's
    _warn(pipeline.table.notes)
    _warn(pipeline.prepared.notes)
    chosen = opened.Opened(args.input, args.metadata, methods)
    return opened.run_page(chosen, args.port, args.address,
                           lambda url: print(say("cli_view_url", name=chosen.name, url=url), flush=True))


COMMANDS = {"project": cmd_project, "neighbors": cmd_neighbors, "compare": cmd_compare, "view": cmd_view}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ExplorerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"error: {say('cli_cannot_open', path=error.filename or args.input, reason=error.strerror)}",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"error: {say('cli_interrupted')}", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
