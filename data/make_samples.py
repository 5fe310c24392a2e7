"""Write the sample tables in data/ (run from anywhere: python data/make_samples.py).

movies.csv and words.csv are the tutorial's own tables, typed in here; iris, wine
and digits come from the copies bundled with scikit-learn (no download).
"""
import csv
from pathlib import Path

from sklearn.datasets import load_digits, load_iris, load_wine

HERE = Path(__file__).resolve().parent

# The tutorial's movie table, verbatim (its cosines follow: cos(电影A, 电影C) = 0.9498,
# cos(电影A, 电影B) = 0.3467), and the 2-D picture it draws of it.
MOVIES = [["电影", "动作", "喜剧", "爱情", "科幻"],
          ["电影A", 0.9, 0.1, 0.2, 0.8],
          ["电影B", 0.2, 0.8, 0.9, 0.1],
          ["电影C", 0.7, 0.3, 0.4, 0.6]]
MOVIES_2D = [["电影", "x", "y"],
             ["电影A", 0.8, 0.3],
             ["电影B", 0.2, 0.7],
             ["电影C", 0.6, 0.4]]

# The tutorial's three word vectors, verbatim (来源 = 教程), and three of ours (来源 = 补充) so the
# picture has something unlike them; data/README.md says which are which.
TUTORIAL, OURS = "教程", "补充"
WORDS = {"机器学习": ([0.2, 0.5, 0.8], TUTORIAL), "深度学习": ([0.3, 0.6, 0.7], TUTORIAL),
         "人工智能": ([0.4, 0.7, 0.6], TUTORIAL),
         "苹果": ([0.9, 0.1, 0.2], OURS), "香蕉": ([0.85, 0.15, 0.1], OURS), "汽车": ([0.1, 0.9, 0.3], OURS)}


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
    write("movies_2d.csv", MOVIES_2D[0], MOVIES_2D[1:])
    write("words.csv", ["词", "向量", "来源"],
          [[w, "[" + ", ".join(map(str, v)) + "]", source] for w, (v, source) in WORDS.items()])
    sklearn_table("iris.csv", load_iris(), "iris", "species", [str(s) for s in load_iris().target_names])
    sklearn_table("wine.csv", load_wine(), "wine", "cultivar", ["cultivar 1", "cultivar 2", "cultivar 3"])
    sklearn_table("digits.csv", load_digits(), "image", "digit", [f"digit {d}" for d in range(10)])
