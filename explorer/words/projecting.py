"""What the projection stage (explorer.project) says: parameters, methods, tiny tables, fitted maps."""

WORDS: dict[str, tuple[str, str]] = {
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
    "upload_count": ("{n} files uploaded; upload one table, or a vectors file with its metadata file "
                     "(TF Embedding Projector: vectors.tsv + metadata.tsv)",
                     "上传了 {n} 个文件；请只上传一个表格，或者一个向量文件加上它的元数据文件"
                     "（TF Embedding Projector：vectors.tsv + metadata.tsv）"),
    "upload_which_metadata": ("two files uploaded ({first}, {second}) but it is not clear which one holds "
                              "the labels; name that one metadata.tsv, or upload a single table",
                              "上传了两个文件（{first}、{second}），但无法判断哪一个包含标签；"
                              "请把含标签的文件命名为 metadata.tsv，或只上传一个表格"),
}
