"""Write the sample tables in data/ (run from anywhere: python data/make_samples.py).

movies.csv and words.csv are the tutorial's own tables, typed in here; iris, wine
and digits come from the copies bundled with scikit-learn (no download).
"""
import csv
from pathlib import Path

from sklearn.datasets import load_digits, load_iris, load_wine

HERE = Path(__file__).resolve().parent

# Genre scores (0-10) that give the tutorial's published cosines exactly to four
# decimals: cos(电影A, 电影C) = 0.9498, cos(电影A, 电影B) = 0.3467.
MOVIES = [["电影", "动作", "喜剧", "爱情", "科幻"],
          ["电影A", 7, 1, 0, 5],
          ["电影B", 1, 4, 7, 3],
          ["电影C", 5, 1, 2, 5]]

WORDS = {"机器学习": [0.2, 0.5, 0.8], "深度学习": [0.25, 0.55, 0.75], "人工智能": [0.3, 0.4, 0.9],
         "苹果": [0.9, 0.1, 0.2], "香蕉": [0.85, 0.15, 0.1], "汽车": [0.1, 0.9, 0.3]}


def write(name, header, rows):
    with open(HERE / name, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def number(x):
    x = float(x)
    return str(int(x)) if x.is_integer() else repr(x)


def sklearn_table(name, bunch, label, category, classes):
    features = [str(f) for f in bunch.feature_names]
    rows = [[f"{label} {i + 1}", classes[int(t)]] + [number(v) for v in x]
            for i, (x, t) in enumerate(zip(bunch.data, bunch.target))]
    write(name, [label, category] + features, rows)


if __name__ == "__main__":
    write("movies.csv", MOVIES[0], MOVIES[1:])
    write("words.csv", ["词", "向量"], [[w, "[" + ", ".join(map(str, v)) + "]"] for w, v in WORDS.items()])
    sklearn_table("iris.csv", load_iris(), "iris", "species", [str(s) for s in load_iris().target_names])
    sklearn_table("wine.csv", load_wine(), "wine", "cultivar", ["cultivar 1", "cultivar 2", "cultivar 3"])
    sklearn_table("digits.csv", load_digits(), "image", "digit", [f"digit {d}" for d in range(10)])
