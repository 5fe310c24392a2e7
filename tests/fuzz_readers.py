"""Fuzz read_table: mutate the corpus files and check that only ExplorerError escapes.

    python tests/fuzz_readers.py --seconds 300 [--seed 1] [--save /tmp/fuzz-failures]

Any other exception, or an InputError that says "internal error", is a bug: the
input is saved under --save so it can be replayed with read_table(path). Not a
pytest module (the name does not start with test_); tests/test_readers.py runs
it for a few seconds.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explorer.errors import ExplorerError  # noqa: E402
from explorer.ingest import read_table  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"
TOKENS = [b'"', b",", b";", b"\t", b"|", b"\n", b"\r\n", b"\r", b"\x00", b"\xef\xbb\xbf", b"\xff\xfe", b"sep=;\n",
          b"[", b"]", b"[0.1, 0.2]", b"1e308", b"1e999", b"-inf", b"nan", b"NA", b"1,234", b"10%", "−3".encode(),
          "１２".encode(), b" ", b"", b"PAR1", b"PK\x03\x04", b"\x80", b"\xc3", "电影".encode("gbk"), b"%{x}",
          b"<a href=%>", b"=1+2", b"0", b"-", b".", b"e", b"99999999999999999999999999"]
SUFFIXES = [".csv", ".tsv", ".txt", ".parquet", ".xlsx", ".json", ""]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random edits: flip, insert a token, delete, duplicate or swap a chunk, truncate."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        at = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(at, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[at:at] = rng.choice(TOKENS)
        elif op == 2:
            del data[at:at + rng.randint(1, 16)]
        elif op == 3:
            end = min(len(data), at + rng.randint(1, 64))
            data[at:at] = data[at:end] * rng.randint(1, 4)
        elif op == 4 and len(data) > 2:
            a, b = sorted(rng.sample(range(len(data)), 2))
            data[a:b] = data[a:b][::-1]
        elif op == 5:
            data = data[:at]
        else:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(data)


def check(data: bytes, filename: str, **kwargs) -> str | None:
    """None when read_table behaves; otherwise a description of the bug."""
    try:
        read_table(data, filename=filename, **kwargs)
    except ExplorerError as exc:
        if "internal error" in str(exc):
            return "".join(traceback.format_exception(exc.__cause__ or exc))
    except Exception:  # noqa: BLE001 - this is what we hunt for
        return traceback.format_exc()
    return None


def run(seconds: float, seed: int = 0, save: Path | None = None, verbose: bool = False) -> dict:
    rng = random.Random(seed)
    files = sorted(p for p in CORPUS.iterdir() if p.is_file() and p.suffix != ".py" and p.name != "EXPECTED.json"
                   and p.stat().st_size < 200_000)
    seeds = [(p.name, p.read_bytes()) for p in files]
    meta = [data for name, data in seeds if name.startswith("metadata")]
    stats = {"runs": 0, "failures": []}
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        name, data = rng.choice(seeds)
        mutated = mutate(data, rng)
        filename = "fuzz" + (rng.choice(SUFFIXES) if rng.random() < 0.3 else Path(name).suffix)
        kwargs = {}
        if rng.random() < 0.1 and meta:
            kwargs = {"metadata": mutate(rng.choice(meta), rng), "metadata_filename": "metadata.tsv"}
        if rng.random() < 0.05:
            kwargs["exclude"] = [rng.choice(["x", "name", "向量", "dim_1", "a"])]
        problem = check(mutated, filename, **kwargs)
        stats["runs"] += 1
        if problem:
            stats["failures"].append((name, problem))
            if save is not None:
                save.mkdir(parents=True, exist_ok=True)
                (save / f"failure-{len(stats['failures'])}-{name}").write_bytes(mutated)
            if verbose:
                print(f"--- from {name}:\n{problem}", file=sys.stderr)
    return stats


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--save", type=Path, default=Path("/tmp/fuzz-readers-failures"))
    args = parser.parse_args()
    stats = run(args.seconds, args.seed, args.save, verbose=True)
    print(f"seed {args.seed}: {stats['runs']} inputs, {len(stats['failures'])} failures"
          + (f" (saved under {args.save})" if stats["failures"] else ""))
    return 1 if stats["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
