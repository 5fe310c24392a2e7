"""What the projection stage (explorer.project) says: parameters, methods, tiny tables, fitted maps."""

WORDS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- method names (in messages)
    "title_linear": ("the linear map", "线性映射"),
    "title_pca": ("PCA", "PCA 主成分分析"),
    "title_tsne": ("t-SNE", "t-SNE"),
    "title_umap": ("UMAP", "UMAP"),
    # ---------------------------------------------------------------- parameters (project/params.py)
    "param_number": ("{name}={value!r} must be a number{allow}", "{name}={value!r} 必须是数字{allow}"),
    "param_whole": ("{name}={value!r} must be a whole number{allow}", "{name}={value!r} 必须是整数{allow}"),
    "param_allow": (" or {values}", "，或 {values}"),
    "param_at_least": ("{name}={value:g} must be at least {low:g}", "{name}={value:g} 必须不小于 {low:g}"),
    "param_greater": ("{name}={value:g} must be greater than {low:g}", "{name}={value:g} 必须大于 {low:g}"),
    "param_at_most": ("{name}={value:g} must be at most {high:g}", "{name}={value:g} 必须不大于 {high:g}"),
    "param_fit_rows": ("{error} (fit_rows is how many rows the layout is fitted on; the other rows are placed into "
                       "it); give a whole number from {low} up, e.g. {default}, the default",
                       "{error}（fit_rows 是用于拟合布局的行数，其余的行会被放入该布局）；请给一个不小于 {low} 的整数，"
                       "例如默认值 {default}"),
    "param_choice": ("{name}={value!r} is not one of {valid}", "{name}={value!r} 不是可选值之一：{valid}"),
    "param_names": ("{name} must be a list of column names, got {value!r}",
                    "{name} 必须是列名的列表，而得到的是 {value!r}"),
    "param_vector": ("{name} must be a list of numbers, got {value!r}", "{name} 必须是数字的列表，而得到的是 {value!r}"),
    "param_matrix": ("{name} must be a list of rows (k lists of d numbers), got {value!r}",
                     "{name} 必须是若干行组成的列表（k 个各含 d 个数字的列表），而得到的是 {value!r}"),
    "param_matrix_row": ("{name} row {row}", "{name} 第 {row} 行"),
    "param_matrix_ragged": ("{name} rows have different lengths {widths}: every row needs one number per feature",
                            "{name} 各行长度不同 {widths}：每行都需要为每个特征给一个数"),
    "param_not_finite": ("{name}={value} is not a finite number", "{name}={value} 不是有限的数字"),
    "param_kind": ("{name} has a value of type {kind}; use numbers, text or lists of them",
                   "{name} 的值类型为 {kind}；请使用数字、文本或它们的列表"),
    "params_not_mapping": ("params must be a mapping of name to value, got {value!r}",
                           "params 必须是“参数名 → 值”的映射，而得到的是 {value!r}"),
    "bad_method": ("method={value!r} is not one of {valid}", "method={value!r} 不是可选的方法之一：{valid}"),
    "bad_dims": ("dims={value!r} must be 2 or 3", "dims={value!r} 必须是 2 或 3"),
    "bad_seed": ("seed={value!r} must be a whole number from 0 to {high}", "seed={value!r} 必须是 0 到 {high} 之间的整数"),
    "unknown_param": ("{method} has no parameter {names}; valid parameters: {valid}",
                      "{method} 没有参数 {names}；可用的参数：{valid}"),
    "recipe_not_json": ("the projection recipe is not valid JSON: {error}", "投影配方不是有效的 JSON：{error}"),
    "recipe_not_object": ("a projection recipe must be a JSON object, got {kind}", "投影配方必须是 JSON 对象，而得到的是 {kind}"),
    "recipe_unknown_key": ("unknown key {names} in the projection recipe; valid keys: {valid}",
                           "投影配方中有未知的键 {names}；可用的键：{valid}"),
    "recipe_no_method": ("the projection recipe has no 'method'; use one of {valid}",
                         "投影配方中没有 'method'；请使用其中之一：{valid}"),
    "linear_needs_weights": ("the linear map needs weights: a {dims}×d matrix W (one row per axis); build one with a "
                             "preset (random, pca, features, axis) or type it in",
                             "线性映射需要权重：一个 {dims}×d 的矩阵 W（每个坐标轴一行）；可以用预设（随机、PCA、特征、语义轴）"
                             "生成，或直接填写"),
    "linear_rows": ("weights have {k} rows but dims={dims}: give W one row per output axis",
                    "权重有 {k} 行，但 dims={dims}：W 需要每个输出坐标轴一行"),
    "linear_entries": ("{name} has {n} entries but W has {k} rows: give one per axis",
                       "{name} 有 {n} 个值，但 W 有 {k} 行：每个坐标轴给一个值"),
    "linear_columns_named": ("W has {width} columns but names {n} features: give one column per named feature",
                             "W 有 {width} 列，却列出了 {n} 个特征：每个列出的特征对应一列"),
    "linear_feature_twice": ("the linear map names a feature twice; each column of W needs its own feature",
                             "线性映射中有特征被列了两次；W 的每一列都需要对应不同的特征"),
    "linear_unknown_feature": ("the linear map uses feature {names}, which the table does not have; valid features: "
                               "{valid}", "线性映射用到了特征 {names}，但表格中没有；可用的特征：{valid}"),
    "linear_needs_features": ("the linear map names its feature columns, so project() needs features=<the table's "
                              "feature names>", "线性映射列出了它所用的特征列，因此 project() 需要 features=<表格的特征名>"),
    "linear_width": ("W is {k}×{width} but the data has {d} features: W needs {d} columns (or name the columns it "
                     "uses in params['features'])",
                     "W 是 {k}×{width}，但数据有 {d} 个特征：W 需要 {d} 列（或在 params['features'] 中列出它所用的列）"),
    "pca_flat": ("the table has {d} feature {d:?column|columns}, fewer than the {dims} dimensions of the picture: PCA "
                 "draws it along {d} {d:?axis|axes}, and the other {flat} {flat:?is|are} 0 (flat)",
                 "表格只有 {d} 个特征列，少于图的 {dims} 个维度：PCA 沿 {d} 个轴画出，其余 {flat} 个轴为 0（平的）"),
    "pca_rows": ("PCA to {dims} dimensions needs at least {dims} rows; the table has {n}; choose 2 dimensions",
                 "降到 {dims} 维的 PCA 至少需要 {dims} 行；表格只有 {n} 行；请选择二维"),
    "perplexity_lowered": ("perplexity={value:g} is too large for {n} rows (at most (n-1)/3 = {limit:.3g}); using "
                           "{limit:.3g}", "perplexity={value:g} 对 {n} 行来说太大（最多为 (n-1)/3 = {limit:.3g}）；"
                           "改用 {limit:.3g}"),
    "fft_3d": ("engine='fft' only draws 2 dimensions; use engine='bh' (or 'auto') for 3-D t-SNE",
               "engine='fft' 只能画二维；三维 t-SNE 请用 engine='bh'（或 'auto'）"),
    "n_neighbors_lowered": ("n_neighbors={value} is too large for {n} rows (at most n-1 = {limit}); using {limit}",
                            "n_neighbors={value} 对 {n} 行来说太大（最多为 n-1 = {limit}）；改用 {limit}"),
    # ---------------------------------------------------------------- running a projection
    "cancelled": ("{method} was stopped at {fraction:.0%} ({message}); run it again to get a picture",
                  "{method} 在 {fraction:.0%} 处被停止（{message}）；请重新运行以得到图"),
    "cancelled_partial": ("{method} was stopped at iteration {done} of {total}: the layout shows where it had got to; "
                          "run it again to finish it",
                          "{method} 在第 {done} / {total} 次迭代时被停止：图中是当时的布局；重新运行即可完成"),
    "not_a_spec": ("spec must be a ProjectionSpec, got {kind}", "spec 必须是 ProjectionSpec，而得到的是 {kind}"),
    "progress_start": ("starting {method}", "开始 {method}"),
    "progress_done": ("{method} done", "{method} 完成"),
    "progress_waiting": ("waiting for a projection worker", "等待投影工作进程"),
    "projection_memory": ("{method} ran out of memory on {n:,} rows × {d:,} features; {fix}",
                          "{method} 在 {n:,} 行 × {d:,} 个特征上内存不足；{fix}"),
    "fix_fewer_rows_fit": ("use fewer rows, a smaller fit_rows, or PCA", "请减少行数、调小 fit_rows，或改用 PCA"),
    "fix_fewer_rows": ("use fewer rows or PCA", "请减少行数或改用 PCA"),
    "matrix_not_numbers": ("the feature matrix must hold numbers only ({error})", "特征矩阵只能包含数字（{error}）"),
    "matrix_not_2d": ("the feature matrix must be 2-D (rows × features), got shape {shape}",
                      "特征矩阵必须是二维的（行 × 特征），而得到的形状是 {shape}"),
    "matrix_names": ("{n} feature names were given for a matrix with {d} columns", "给了 {n} 个特征名，但矩阵有 {d} 列"),
    "matrix_no_features": ("there are no feature columns to project; choose at least one numeric column",
                           "没有可投影的特征列；请至少选择一个数值列"),
    "matrix_one_row": ("a projection needs at least 2 rows; the table has {n}", "投影至少需要 2 行；表格只有 {n} 行"),
    "matrix_not_finite": ("row {row}, feature {name}: value {value} is not a finite number; choose a missing-value "
                          "policy (drop or mean) before projecting",
                          "第 {row} 行、特征 {name}：值 {value} 不是有限的数字；请在投影前选择缺失值的处理方式（删除行或列均值）"),
    "matrix_identical": ("all {n} rows are identical: nothing to separate; check the file or choose other feature "
                         "columns", "全部 {n} 行都相同：没有可区分的东西；请检查文件或选择其他特征列"),
    "output_shape": ("{method} returned shape {shape}, expected ({n}, {dims}); this is a bug",
                     "{method} 返回的形状是 {shape}，应为 ({n}, {dims})；这是程序的错误"),
    "output_not_finite": ("{method} gave non-finite coordinates for {bad} of {n} rows (first: row {first}): {cause}; "
                          "standardise the features (scaling='standard') or use PCA",
                          "{method} 给 {n} 行中的 {bad} 行算出了非有限的坐标（第一个：第 {first} 行）：{cause}；"
                          "请标准化特征（scaling='standard'）或改用 PCA"),
    "cause_linear": ("the weights or the values are too large to represent", "权重或数值太大，无法表示"),
    "cause_pca": ("the values are too large or too small to represent", "数值太大或太小，无法表示"),
    "cause_diverged": ("the optimisation diverged", "优化发散了"),
    "fitted_on_sample": ("{method} was fitted on a random sample of {fitted:,} of {n:,} rows (seed {seed}, fit_rows"
                         "={fit_rows}); the other {placed:,} were placed into that layout beside their nearest fitted "
                         "rows (approximate: they did not shape it); raise fit_rows to fit on more rows, for a longer "
                         "run",
                         "{method} 是在 {n:,} 行中随机抽取的 {fitted:,} 行上拟合的（种子 {seed}，fit_rows={fit_rows}）；"
                         "其余 {placed:,} 行被放到布局中与它们最近的已拟合行旁边（近似：它们没有参与塑造布局）；"
                         "调大 fit_rows 可在更多行上拟合，但耗时更长"),
    "layout_rows": ("the layout has {layout:,} rows but {given:,} base rows were given; pass the rows the layout was "
                    "computed from", "布局有 {layout:,} 行，但给出的基准行有 {given:,} 行；请传入计算该布局所用的行"),
    # ---------------------------------------------------------------- linear presets
    "bad_preset": ("preset={value!r} is not one of {valid}", "preset={value!r} 不是可选的预设之一：{valid}"),
    "preset_features_needed": ("a {dims}-D map with the {preset} preset needs at least {dims} features; the table has "
                               "{d}", "用 {preset} 预设做 {dims} 维映射至少需要 {dims} 个特征；表格只有 {d} 个"),
    "preset_choose_features": ("choose {dims} features for a {dims}-D map; got {n}: {names}",
                               "{dims} 维映射需要选择 {dims} 个特征；现在选了 {n} 个：{names}"),
    "unknown_feature": ("unknown feature {names}; valid features: {valid}", "未知的特征 {names}；可用的特征：{valid}"),
    "preset_item": ("{which}={value!r} must be a row index from 0 to {high}", "{which}={value!r} 必须是 0 到 {high} 之间的行号"),
    "preset_no_direction": ("{a} and {b} have identical features: they define no direction; choose two different items",
                            "{a} 和 {b} 的特征完全相同：无法确定方向；请选择两个不同的条目"),
    "axis_random": ("random axis {i}", "随机轴 {i}"),
    "axis_n": ("axis {i}", "轴 {i}"),
    "axis_pc": ("PC{i} ({share:.0%})", "主成分 PC{i}（{share:.0%}）"),
    "axis_pc_orthogonal": ("PC{i} ⊥ axis", "与该轴正交的 PC{i}"),
    "axis_feature": ("feature {j}", "特征 {j}"),
    "axis_row": ("row {i}", "第 {i} 行"),
    # ---------------------------------------------------------------- t-SNE, UMAP, placing rows
    "tsne_iteration": ("t-SNE iteration {done} of {total}", "t-SNE 第 {done} / {total} 次迭代"),
    "tsne_neighbours": ("t-SNE: finding neighbours of {n:,} rows", "t-SNE：为 {n:,} 行寻找近邻"),
    "tsne_optimising": ("t-SNE: optimising the layout", "t-SNE：优化布局"),
    "umap_loading": ("UMAP: loading umap-learn", "UMAP：加载 umap-learn"),
    "umap_neighbours": ("UMAP: finding {k} neighbours of {n:,} rows", "UMAP：为 {n:,} 行各找 {k} 个近邻"),
    "umap_optimising": ("UMAP: optimising the layout", "UMAP：优化布局"),
    "umap_missing": ("UMAP needs the umap-learn package ({error}); install it with `pip install umap-learn`, or use "
                     "t-SNE or PCA", "UMAP 需要 umap-learn 包（{error}）；请用 `pip install umap-learn` 安装，或改用 t-SNE 或 PCA"),
    "no_direction_one": ("row {row} has no direction (all values equal or zero): cosine/correlation distance is "
                         "undefined there; use metric='euclidean' or remove those rows",
                         "第 {row} 行没有方向（所有值相等或为零）：余弦/相关距离在这里无定义；请用 metric='euclidean' 或删除这些行"),
    "no_direction_many": ("row {row} and {more} more rows have no direction (all values equal or zero): "
                          "cosine/correlation distance is undefined there; use metric='euclidean' or remove those rows",
                          "第 {row} 行及另外 {more} 行没有方向（所有值相等或为零）：余弦/相关距离在这里无定义；"
                          "请用 metric='euclidean' 或删除这些行"),
    "placing_rows": ("{method}: placing rows into the layout, {done:,} of {total:,}",
                     "{method}：把行放入布局，已完成 {done:,} / {total:,}"),
    "placing_index": ("{method}: indexing the {fitted:,} fitted rows to place {total:,} more",
                      "{method}：为 {fitted:,} 个已拟合的行建立索引，以放置另外 {total:,} 行"),
    "placing_done": ("{method}: placed {total:,} rows into the layout", "{method}：已把 {total:,} 行放入布局"),
    # ---------------------------------------------------------------- tiny tables
    "too_few_rows_neighbours": ("{method} needs at least {least} rows; the table has {n}: with {n} {n:?row|rows} "
                                "every placement is equally faithful, so nothing decides the picture; use PCA or the "
                                "linear map, which draw {n} {n:?row|rows} exactly",
                                "{method} 至少需要 {least} 行，而表格只有 {n} 行：这时怎样摆放都同样忠实，没有什么能决定"
                                "这张图；请用 PCA 或线性映射，它们能精确画出这 {n} 行"),
    "tiny_spectral_init": ("{method} started from PCA instead of a spectral layout: {n} rows are too few for a "
                           "spectral start in {dims}-D (it needs more than {dims} + 1)",
                           "{method} 改从 PCA 起步，而不是谱布局：{n} 行太少，无法在 {dims} 维中做谱初始化（需要多于 {dims} + 1 行）"),
    # ---------------------------------------------------------------- a linear map fitted to positions
    "fit_shape": ("target positions must be one row of 2 or 3 numbers (x, y[, z]) per item: got shape {shape} for "
                  "{rows} items",
                  "目标位置必须是每个条目一行、每行 2 或 3 个数（x, y[, z]）：得到的形状是 {shape}，条目数为 {rows}"),
    "fit_not_finite": ("the target position of row {row} is empty or not a number; give every target item "
                       "x and y (and z for 3-D)",
                       "第 {row} 行的目标位置为空或不是数字；请给每个目标条目填上 x 和 y（三维时还有 z）"),
    "fit_twice": ("an item has two target positions; give each item one",
                  "有条目被指定了两个目标位置；每个条目只能有一个"),
    "fit_too_few": ("{n} target {n:?position|positions} cannot fix a map: give at least 2 items a target position",
                    "{n} 个目标位置无法确定映射：请至少给 2 个条目指定目标位置"),
    "fit_dims": ("the targets have {given} coordinates but --dims asks for {dims}; leave --dims out, or give the "
                 "targets {dims} coordinate columns",
                 "目标位置有 {given} 个坐标，但 --dims 要求 {dims} 维；请去掉 --dims，或给目标位置 {dims} 个坐标列"),
    "fit_unknown_item": ("no item is labelled {label!r} (a {what} names it); did you mean: {hint}? Check the labels "
                         "in both files",
                         "没有标签为 {label!r} 的条目（{what}中用到了它）；是否想找：{hint}？请核对两个文件中的标签"),
    "fit_ambiguous_item": ("{label!r} labels several rows ({rows}); give the items unique labels to fit a map to "
                           "them", "{label!r} 对应多行（第 {rows} 行）；要按位置拟合映射，请让条目的标签互不相同"),
    "fit_targets_columns": ("{name}: target positions need a label column and 2 or 3 numeric columns (x, y[, z]); "
                            "found {found}",
                            "{name}：目标位置文件需要一个标签列和 2 或 3 个数值列（x, y[, z]）；实际找到：{found}"),
    "targets_cell": ("{name}: row {row}, column {column!r} is empty or not a number; give every item in it a number "
                     "for each coordinate",
                     "{name}：第 {row} 行、列 {column!r} 为空或不是数字；请给其中每个条目的每个坐标都填上数字"),
    "fit_dependency": ("why: in the table {item} = {mix}, a weighted mean of {others}, so every E(x) = Wx + b puts "
                       "it at the same mean of their positions, wherever its target is",
                       "原因：在表格中 {item} = {mix}，即 {others} 的加权平均，所以任何 E(x) = Wx + b 都会把它放在"
                       "它们位置的同一加权平均处，无论它的目标位置在哪里"),
    "fit_too_many": ("why: {m} targets in {d} features: an exact map exists only for at most {d} + 1 items in general "
                     "position",
                     "原因：{d} 个特征下有 {m} 个目标：只有当条目不超过 {d} + 1 个且处于一般位置时才存在精确映射"),
    "fitted_map": ("E(x) = Wx + b fitted to {n} target {n:?position|positions}: {how}",
                   "已按 {n} 个目标位置拟合 E(x) = Wx + b：{how}"),
    "fitted_exact": ("exact (largest residual {worst:.1e})", "精确（最大残差 {worst:.1e}）"),
    "fitted_least_squares": ("least squares, targets missed by {residuals}",
                             "最小二乘，各目标的残差：{residuals}"),
}
