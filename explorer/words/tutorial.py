"""The Tutorial / 教程 view: the tutorial's sections (中文: the tutorial's own words where it has them)."""

WORDS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- the tutorial view (zh: the tutorial's own words)
    "tut_title": ("Embeddings in machine learning: from theory to practice", "机器学习之嵌入（Embeddings）：从理论到实践"),
    "tut_intro": (
        "The tutorial this tool grew out of, section by section. Every number starts as the tutorial's own; change "
        "any cell of the movie table and the pictures, the formula and the exercises follow.",
        "本工具所源自的教程，一节一节走。每个数字起初都是教程里的原数；改动电影表格中的任何一格，下面的图、公式和练习都会随之更新。",
    ),
    "tut_what": ("What is an embedding?", "什么是嵌入？"),
    "tut_what_text": (
        "An embedding turns high-dimensional data into a low-dimensional representation. Imagine a movie data set "
        "with 1000 features: an embedding compresses them into just a few dimensions while keeping the data's key "
        "information.",
        "嵌入是将高维数据转换为低维表示的过程。想象一下，如果我们有一个包含1000个特征的电影数据集，通过嵌入技术，"
        "我们可以将这些特征压缩到只有几个维度，同时保留数据的关键信息。",
    ),
    "tut_movies": ("1. A movie recommender", "1. 电影推荐系统"),
    "tut_movies_text": ("Suppose we have this movie data (every cell can be changed):",
                        "假设我们有这样的电影数据（表中每一格都可以修改）："),
    "tut_reset": ("Back to the tutorial's numbers", "恢复教程中的数字"),
    "tut_edited": ("Changed from the tutorial's table: {cells}.", "与教程原表不同的格：{cells}。"),
    "tut_bad_cell": ("{label}, {feature}: the cell is empty; type a number (the tutorial's is {value}).",
                     "{label} 的“{feature}”为空；请填一个数字（教程中是 {value}）。"),
    "tut_to_2d": ("An embedding turns these 4-D rows into 2-D points. The tutorial gives this picture:",
                  "通过嵌入，我们可以将这些4维数据转换为2维表示："),
    "tut_panels": (
        "Beside the tutorial's picture: what PCA draws from the same table, and the linear map E(x) = Wx + b that "
        "comes closest to the tutorial's picture (rings: where the tutorial puts each movie). Click a movie to follow "
        "it through the formula and the exercise below.",
        "与教程的图并排：PCA 从同一张表画出的图，以及最接近教程那张图的线性映射 E(x) = Wx + b（圆圈：教程中每部电影的位置）。"
        "点击一部电影，下面的公式和练习就跟着它走。",
    ),
    "tut_picture": ("The tutorial's picture", "教程中的二维图"),
    "tut_pca": ("PCA of the table", "表格的 PCA"),
    "tut_fitted": ("The closest E(x) = Wx + b", "最接近的 E(x) = Wx + b"),
    "tut_target": ("the tutorial's position", "教程中的位置"),
    "tut_why_title": ("Can a linear map draw the tutorial's picture?", "线性映射能画出教程中的图吗？"),
    "tut_why_exact": ("Yes: this W and b put every movie exactly where the tutorial does.",
                      "能：这组 W 和 b 把每部电影都精确地放到了教程中的位置。"),
    "tut_why_not": (
        "Not exactly. A map E(x) = Wx + b keeps straight lines and proportions, and the tutorial's picture does not "
        "keep those of its table. The map drawn here is the closest one (least squares):",
        "不能完全画出。E(x) = Wx + b 会保持直线和比例，而教程中的图没有保持其表格中的直线和比例。这里画的是最接近的映射（最小二乘）：",
    ),
    "tut_pca_line": (
        "PCA shows it too: its second axis holds {share} of the variance, so the movies lie on one line.",
        "PCA 也显示了这一点：第二个轴只占 {share} 的方差，所以三部电影落在一条直线上。",
    ),
    "tut_words": ("2. Text embeddings", "2. 文本嵌入"),
    "tut_words_text": ("Text embeddings are a key application in natural language processing. For example:",
                       "文本嵌入是自然语言处理中的重要应用。例如："),
    "tut_words_ours": ("The words marked 补充 are ours, not the tutorial's; they show what unlike words look like.",
                       "标为“补充”的词是我们加的，不是教程里的，用来对比不相似的词。"),
    "tut_words_similar": ("Cosine similarity between the words", "词与词之间的余弦相似度"),
    "tut_math": ("The mathematics of an embedding", "嵌入的数学原理"),
    "tut_math_text": ("The embedding can be written as:", "嵌入过程可以表示为："),
    "tut_math_terms": (
        "where x is the input vector, W the weight matrix, b the bias vector and E(x) the embedding.",
        "其中：x 是输入向量，W 是权重矩阵，b 是偏置向量，E(x) 是嵌入结果。",
    ),
    "tut_item": ("Follow a movie (or click a point)", "跟随一部电影（也可点击图中的点）"),
    "tut_math_live": ("With the actual numbers for **{label}** (W and b: the closest map above):",
                      "**{label}** 的实际数字（W 和 b：上面最接近的映射）："),
    "tut_ex1": ("Exercise 1: how similar are two movies?", "练习1：电影相似度计算"),
    "tut_ex1_text": ("The tutorial's function, worked through line by line:", "教程中的函数，逐行算给你看："),
    "tut_movie1": ("movie1", "movie1"),
    "tut_movie1_how": ("the movie chosen above", "即上面选中的电影"),
    "tut_movie2": ("movie2", "movie2"),
    "tut_ex1_same": (
        "The hover on every picture shows the same number: cosine to {a} of {b} = {value}.",
        "每张图的悬停显示的正是这个数：{b} 与 {a} 的余弦相似度 = {value}。",
    ),
    "tut_ex1_zero": ("{label} is all zeros: it has no direction, so its cosine similarity is undefined "
                     "(the tutorial's function would divide by zero).",
                     "{label} 全为 0：没有方向，余弦相似度无定义（教程中的函数会除以零）。"),
    "tut_ex1_all": ("Every pair of movies", "三部电影两两之间的相似度"),
    "tut_ex2": ("Exercise 2: visualise the embedding", "练习2：可视化嵌入"),
    "tut_ex2_text": ("The tutorial draws its picture in text; beside it, points drawn with the method you choose:",
                     "教程用文字画出了二维图；旁边是用你选择的方法画出的点："),
    "tut_ex2_method": ("Draw with", "用什么画"),
    "tut_ex2_picture": ("the tutorial's coordinates", "教程中的坐标"),
    "tut_benefits": ("Why embeddings", "嵌入的优势"),
    "tut_benefits_text": (
        "1. Fewer dimensions: less data, faster computation\n"
        "2. Feature extraction: the important features are learned from the data\n"
        "3. Similarity: closeness between items is easy to compute\n"
        "4. Visualisation: the data can be seen and analysed",
        "1. 降维：减少数据维度，提高计算效率\n"
        "2. 特征提取：自动学习数据的重要特征\n"
        "3. 相似度计算：便于计算数据点之间的相似度\n"
        "4. 可视化：便于数据可视化分析",
    ),
    "tut_explore": ("Explore the movie table with every method", "用全部方法探索电影表格"),
    "tut_explore_words": ("Explore the word vectors", "探索词向量"),
}
