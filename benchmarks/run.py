"""Run the benchmarks and write the report.

    python -m benchmarks.run [--size smoke|full] [--only tsne,neighbors,pca,payload,page,memory,dask]
                             [--repeats 3] [--out benchmarks/RESULTS.md]

Prints a table per section as it finishes and writes a Markdown report with the
machine, the date, the command and every table. Exit code 1 if a section failed.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import importlib
import shlex
import subprocess
import sys
import time
import traceback
from pathlib import Path
from .common import ROOT, Section, machine_markdown, run_case

SECTIONS = ("tsne", "neighbors", "pca", "payload", "page", "memory", "dask")
SECTION_MODULES = {"dask": "dask_pca"}  # the module of a section not named like it
TITLES = {
    "tsne": "t-SNE: ours vs scikit-learn",
    "neighbors": "Nearest neighbours: exact cosine top-10 of every item",
    "pca": "First picture: PCA and the linear map of a large table",
    "payload": "Payload: bytes per point sent to the browser",
    "page": "The page on an upload: first picture, anchor change",
    "memory": "Memory: end to end in one process",
    "dask": "Dask engine vs the in-memory command: PCA of a large Parquet file",
}
DEFAULT_OUT = Path(__file__).resolve().parent / "RESULTS.md"


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=("smoke", "full"), default="full",
                        help="smoke: tiny inputs, one run each, well under a minute; full: the issue's sizes")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections (default all): {','.join(SECTIONS)}")
    parser.add_argument("--repeats", type=int, default=None,
                        help="runs per case, medians reported (default 3 for full, 1 for smoke;"
                             " the page section times at least 5 anchor changes)")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="Markdown report (default benchmarks/RESULTS.md)")
    args = parser.parse_args(argv)
    args.sections = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = [s for s in args.sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    if args.repeats is None:
        args.repeats = 1 if args.size == "smoke" else 3
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def section_json(key: str, size: str, repeats: int) -> dict:
    """Run one section here (in a fresh process started by run_section); its fields."""
    section = importlib.import_module(f"benchmarks.{SECTION_MODULES.get(key, key)}").run(size=size, repeats=repeats)
    return dataclasses.asdict(section)


def run_section(key: str, size: str, repeats: int) -> Section:
    """One section in a fresh process: no section inherits another's memory, threads or loaded runtimes."""
    started = time.perf_counter()
    try:
        fields = run_case("run", "section_json", timeout=4 * 3600, key=key, size=size, repeats=repeats)
        section = Section(**{k: v for k, v in fields.items() if k in Section.__dataclass_fields__})
    except Exception as error:  # report it and go on with the other sections
        section = Section(key, TITLES[key], "", ["error"], [{"error": f"{type(error).__name__}: {error}"}])
        section.verdict = "FAILED: the section raised an error (see below)"
        section.notes.append("```\n" + traceback.format_exc()[-3000:] + "\n```")
    section.seconds = time.perf_counter() - started
    return section


def code_version() -> str:
    """The commit measured, and which of our files differed from it when the run started."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30).stdout
        except (OSError, subprocess.SubprocessError):
            return ""

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown (not a git checkout)"
    changed = [line[3:] for line in git("status", "--porcelain", "--", "explorer", "app.py").splitlines()]
    return f"commit {commit}" + (f" + uncommitted changes in {', '.join(changed)}" if changed else "")


def report(sections: list[Section], info: dict, command: str, size: str, started: datetime.datetime,
           seconds: float, code: str = "") -> str:
    lines = [
        "# Embedding Explorer — benchmark results",
        "",
        f"- **Date:** {started:%Y-%m-%d %H:%M} UTC (took {seconds / 60:.1f} min)",
        f"- **Command:** `{command}`",
        f"- **Code:** {code}",
        f"- **Size:** {size}",
        machine_markdown(info),
        "",
        "Every ratio compares ours with the reference in the same process, on the same data, back to back;"
        " times are medians of the runs shown. The 2 cores are shared with other jobs, so single runs vary by"
        " 2× or more; read ratios, not absolute seconds.",
        "",
        "## Summary",
        "",
        "| section | target | result |",
        "|---|---|---|",
    ]
    for s in sections:
        lines.append(f"| {s.title} | {s.target} | {s.verdict} |")
    lines.append("")
    for s in sections:
        lines.append(s.markdown())
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    started, t0 = datetime.datetime.now(datetime.timezone.utc), time.perf_counter()
    info = run_case("common", "machine")  # in a fresh process: loading the libraries here would fix
    # their runtime settings (OpenMP wait policy) before the sections start
    command = "python -m benchmarks.run " + " ".join(shlex.quote(a) for a in argv)
    code = code_version()
    print(f"# {command}\n", flush=True)
    sections = []
    for key in args.sections:
        print(f"running {key} ({args.size})…", flush=True)
        section = run_section(key, args.size, args.repeats)
        sections.append(section)
        print(section.markdown(), flush=True)
        # write as we go: a long full run leaves a usable report even if stopped
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(report(sections, info, command.strip(), args.size, started, time.perf_counter() - t0, code),
                       encoding="utf-8")
    print(f"wrote {args.out}", flush=True)
    return 1 if any(s.verdict.startswith("FAILED") for s in sections) else 0


if __name__ == "__main__":
    sys.exit(main())
