"""Interface words in English and Chinese (our own strings only, never data)."""
from __future__ import annotations

LANGS = {"en": "English", "zh": "中文"}

STRINGS: dict[str, tuple[str, str]] = {
    # key: (English, 中文)
    "hover_cosine": ("cosine to anchor", "与锚点的余弦相似度"),
    "hover_cosine_pair": ("cosine similarity", "余弦相似度"),
    "hover_rank": ("rank to anchor", "相对锚点的排名"),
    "original": ("original", "原空间"),
    "layout": ("layout", "投影"),
    "hover_why": ("why", "原因"),
    "hover_neighbours": ("nearest", "最近邻"),
    "rank": ("rank", "排名"),
    "title": ("Embedding Explorer", "嵌入探索器"),
    "tagline": (
        "Project a table of items × features to 2-D/3-D, read cosine similarity in the original space, "
        "and see how far each picture can be trusted.",
        "把“条目 × 特征”的表格投影到二维/三维，在原始空间里读余弦相似度，并看清每张图有多可信。",
    ),
    "source": ("Data", "数据"),
    "source_sample": ("sample", "示例"),
    "source_upload": ("upload", "上传"),
    "source_edit": ("edit", "编辑"),
    "upload": ("Upload a table (up to {mb} MB)", "上传表格（最大 {mb} MB）"),
    "upload_help": (
        "CSV, TSV, TXT, Parquet, XLSX, JSON, JSON Lines, NumPy .npy/.npz, or lines like \"apple\" → [0.2, 0.5]; "
        "for the TF Embedding Projector, drop vectors.tsv and metadata.tsv together.",
        "支持 CSV、TSV、TXT、Parquet、XLSX、JSON、JSON Lines、NumPy .npy/.npz，以及“苹果 → [0.2, 0.5]”这样的行；"
        "TF Embedding Projector 的 vectors.tsv 与 metadata.tsv 可一起上传。",
    ),
    "upload_hint": ("No file yet: showing a sample.", "尚未上传文件：先显示示例数据。"),
    "sample": ("Sample", "示例数据"),
    "sample_movies": ("Movies × genres (tutorial)", "电影 × 类型（教程）"),
    "sample_words": ("Word vectors (tutorial)", "词向量（教程）"),
    "sample_iris": ("Iris flowers (150 × 4)", "鸢尾花（150 × 4）"),
    "sample_wine": ("Wine (178 × 13)", "葡萄酒（178 × 13）"),
    "sample_digits": ("Handwritten digits (1,797 × 64)", "手写数字（1,797 × 64）"),
    "roles": ("Column roles", "列的用途"),
    "label_column": ("Label column", "标签列"),
    "row_numbers": ("row numbers", "行号"),
    "feature_columns": ("Feature columns", "特征列"),
    "prepare": ("Prepare", "预处理"),
    "scaling": ("Scaling", "缩放"),
    "scaling_none": ("none", "不缩放"),
    "scaling_standard": ("standardize", "标准化"),
    "scaling_l2": ("L2", "L2 归一化"),
    "missing": ("Missing values", "缺失值"),
    "missing_drop": ("drop rows", "删除行"),
    "missing_mean": ("column mean", "列均值"),
    "missing_error": ("refuse", "报错"),
    "metric": ("Closeness in the data", "原始空间的远近度量"),
    "col_seconds": ("seconds", "耗时（秒）"),
    "col_trustworthiness": ("trustworthiness", "可信度 trustworthiness"),
    "col_continuity": ("continuity", "连续性 continuity"),
    "col_knn_recall": ("knn_recall", "kNN 召回率"),
    "col_shepard": ("shepard", "Shepard 相关"),
    "metric_cosine": ("cosine", "余弦"),
    "metric_euclidean": ("euclidean", "欧氏距离"),
    "metric_help": (
        "How closeness is measured in the original space for ranks, false neighbours and the scoreboard. "
        "Hover always shows cosine similarity.",
        "在原始空间中如何衡量“近”：用于排名、假近邻和评分表。悬停总是显示余弦相似度。",
    ),
    "methods": ("Methods", "投影方法"),
    "methods_pick": ("Compare up to four", "最多比较四种"),
    "method_linear": ("Linear E(x) = Wx + b", "线性映射 E(x) = Wx + b"),
    "method_pca": ("PCA", "PCA 主成分分析"),
    "method_tsne": ("t-SNE", "t-SNE"),
    "method_umap": ("UMAP", "UMAP"),
    "dims": ("Dimensions", "维度"),
    "seed": ("Seed", "随机种子"),
    "perplexity": ("Perplexity", "困惑度"),
    "iterations": ("Iterations", "迭代次数"),
    "exaggeration": ("Exaggeration", "夸大系数"),
    "learning_rate": ("Learning rate (0 = auto)", "学习率（0 = 自动）"),
    "learning_rate_help": ("0 picks n/12, as openTSNE and scikit-learn do.", "0 表示自动取 n/12。"),
    "fit_rows": ("Fit on at most (rows)", "最多用于拟合的行数"),
    "fit_rows_help": (
        "Larger tables are fitted on a random sample of this many rows (same seed, same sample); every other row "
        "is then placed beside its nearest fitted rows. No row is dropped.",
        "更大的表格会先在这么多行的随机样本上拟合（种子相同，样本相同），其余每一行再放到与它最近的已拟合行旁边。不会丢弃任何行。",
    ),
    "linear_editor": ("Linear map E(x) = Wx + b", "线性映射 E(x) = Wx + b"),
    "preset": ("Start W from", "W 的初始值"),
    "preset_pca": ("PCA loadings", "PCA 载荷"),
    "preset_random": ("random Gaussian", "随机高斯"),
    "preset_features": ("two features as axes", "选两个特征作坐标轴"),
    "preset_axis": ("item A → item B axis", "条目 A → 条目 B 语义轴"),
    "preset_features_pick": ("Axis features", "坐标轴特征"),
    "preset_fit": ("fit to positions", "按目标位置拟合"),
    "target_item": ("item", "条目"),
    "targets_help": (
        "Where should these items land? Give some or all items a position (add rows for more); W and b are fitted "
        "so that E(x) lands there (least squares), then every item is drawn with that map.",
        "这些条目应该落在哪里？给部分或全部条目指定位置（可添加行）；W 和 b 会被拟合成让 E(x) 落在那里（最小二乘），"
        "再用这个映射画出所有条目。",
    ),
    "draw_tutorial_picture": ("Draw the tutorial's picture with E(x) = Wx + b", "用 E(x) = Wx + b 画出教程中的图"),
    "item_a": ("Item A", "条目 A"),
    "item_b": ("Item B", "条目 B"),
    "edit_table": ("Edit the table (add a row to see it placed)", "编辑表格（新增一行即可看到它的位置）"),
    "summary": (
        "**{rows}** items × **{features}** features · label: **{label}** · categories: {categories}",
        "**{rows}** 个条目 × **{features}** 个特征 · 标签：**{label}** · 类别：{categories}",
    ),
    "notes": ("What the reader decided ({n})", "读取时的判断与转换（{n} 条）"),
    "what_reader_did": ("note", "说明"),
    "pick_method": ("Pick at least one method in the sidebar.", "请在侧栏选择至少一种投影方法。"),
    "find_item": ("Anchor item (type to search, or click a point)", "锚点条目（输入搜索，或点击图中的点）"),
    "find_item_hint": ("search by label…", "按标签搜索…"),
    "colour_by": ("Colour by", "着色依据"),
    "colour_none": ("nothing", "不着色"),
    "colour_distortion": ("distortion: neighbours kept", "失真：保留的近邻比例"),
    "anchor_is": ("Anchor: **{label}** — hover a point for its similarity to it.", "锚点：**{label}** —— 悬停查看与它的相似度。"),
    "running": ("{message} ({seconds:.0f} s)", "{message}（{seconds:.0f} 秒）"),
    "cancel": ("Cancel", "取消"),
    "pushed_away": ("{method} pushed these true neighbours away: {labels}", "{method} 把这些真实近邻推远了：{labels}"),
    "loadings": ("Loadings (biplot): where each feature points", "载荷（双标图）：每个特征指向哪里"),
    "stability": ("Stability: does the picture survive a rerun?", "稳定性：重新运行后图还一样吗？"),
    "stability_needs": ("Pick t-SNE or UMAP to check how stable its picture is.", "选择 t-SNE 或 UMAP 以检查其稳定性。"),
    "stability_vary": ("Vary", "变化"),
    "stability_seed": ("seed (3 runs)", "随机种子（3 次）"),
    "stability_param_tsne": ("perplexity 5 / 30 / 50", "困惑度 5 / 30 / 50"),
    "stability_param_umap": ("n_neighbors 5 / 15 / 50", "n_neighbors 5 / 15 / 50"),
    "stability_run": ("Run the reruns", "运行对比"),
    "stability_overall": ("Overall stability", "总体稳定性"),
    "stability_help": (
        "Share of each item's 10 nearest items in the first run that stay its 10 nearest in the other runs, "
        "averaged over items. 1 = the same neighbourhoods every time.",
        "第一次运行中每个条目的 10 个最近邻，在其他运行中仍是其最近邻的比例的平均值。1 = 每次邻域都相同。",
    ),
    "stability_item": ("stability", "稳定性"),
    "what_if": (
        "What-if: {n} added or edited row(s) ({labels}) are placed into the layout of the original rows "
        "(orange squares); the other points stay where they were.",
        "假设分析：{n} 个新增或修改的行（{labels}）被放入原有行的布局中（橙色方框），其余点保持不动。",
    ),
    "placed_exact": ("new rows placed exactly (same map)", "新行按同一映射精确放置"),
    "placed_approx": (
        "new rows placed approximately (t-SNE: openTSNE transform; UMAP: weighted nearest items)",
        "新行为近似放置（t-SNE：openTSNE transform；UMAP：近邻加权）",
    ),
    "panel_title": ("{seconds:.2f} s", "{seconds:.2f} 秒"),
    "drawn_sample": (
        "Drawing a random {shown:,} of {n:,} points, the anchor among them (every item is in the computation"
        " and the downloads).",
        "图中随机绘制了 {n:,} 个点中的 {shown:,} 个，包括锚点（计算与下载包含全部条目）。",
    ),
    "download_csv": ("Coordinates CSV", "坐标 CSV"),
    "download_html": ("Figure HTML", "图表 HTML"),
    "download_recipe": ("Recipe JSON", "复现配方 JSON"),
    "scoreboard": ("How faithful is each picture?", "每张图有多忠实？"),
    "neighbours_of": ("Nearest to {label}: original space vs each layout", "{label} 的近邻：原空间 vs 各投影"),
    "heatmap": ("Cosine similarity", "余弦相似度"),
    "help_trustworthiness": (
        "Are the items that look close in the picture really close? 1 = no false neighbours; ~0.5 = random.",
        "图中看起来相近的条目真的相近吗？1 = 没有假近邻；约 0.5 = 随机。",
    ),
    "help_continuity": (
        "Do items that are close in the data stay close in the picture? 1 = none torn apart.",
        "数据中相近的条目在图中仍然相近吗？1 = 没有被拆散的。",
    ),
    "help_knn_recall": (
        "Share of each item's 10 true nearest neighbours that are also its 10 nearest in the picture.",
        "每个条目的 10 个真实近邻中，在图中仍是 10 个最近邻的比例。",
    ),
    "help_shepard": (
        "Rank correlation of distances in the data and in the picture: does far stay far?",
        "原始距离与图中距离的秩相关：远的是否仍然远？",
    ),
    "help_seconds": ("Time to compute this layout.", "计算该投影所用的时间。"),
    # ---------------------------------------------------------------- the views
    "view": ("View", "视图"),
    "view_explore": ("Explore", "探索"),
    "view_tutorial": ("Tutorial", "教程"),
    "tut_cta": ("New to embeddings? The **Tutorial / 教程** view walks through the tutorial this tool grew out of, "
                "with its own numbers.",
                "初次接触嵌入？**教程 / Tutorial** 视图带你用教程自己的数字走一遍本工具所源自的那篇教程。"),
    "tut_open": ("Open the tutorial", "打开教程"),
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


def t(key: str, lang: str = "en", **values: object) -> str:
    """The interface text for ``key`` in ``lang`` (English when a translation is missing)."""
    english, chinese = STRINGS[key]
    text = chinese if lang == "zh" and chinese else english
    return text.format(**values) if values else text
