"""What the table stage (explorer.table) says: cells, vectors, column roles, preparation."""

WORDS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- roles: cells and vectors

    "vector_length": ("column {name!r}: the first vector holds {k} numbers but row {row} holds {found}; every vector "
                      "in a column must have the same length: fix row {row} or pass exclude=[{name!r}]",
                      "列 {name!r}：第一个向量有 {k} 个数，但第 {row} 行有 {found} 个；同一列中所有向量的长度必须相同："
                      "请修正第 {row} 行，或传入 exclude=[{name!r}]"),
    "vector_cell": ("column {name!r}, row {row}: {cell} is not a list of numbers; write vectors "
                    "like [0.2, 0.5, 0.8] or 0.2 0.5 0.8, fix the cell, or pass exclude=[{name!r}]",
                    "列 {name!r}，第 {row} 行：{cell} 不是一组数字；向量应写成 [0.2, 0.5, 0.8] 或 0.2 0.5 0.8，"
                    "请修正该单元格，或传入 exclude=[{name!r}]"),
    "vectors_unreadable": ("column {name!r}: the vectors could not be read; write them like [0.2, 0.5, 0.8]",
                           "列 {name!r}：无法读取其中的向量；请写成 [0.2, 0.5, 0.8] 这样的形式"),
    "quoted_more": ("{names} … ({n} in all)", "{names} …（共 {n} 个）"),
    "rows_one": ("row {rows}", "第 {rows} 行"),
    "rows_many": ("rows {rows}", "第 {rows} 行"),
    "names_stripped": ("spaces around column names removed", "已去掉列名两端的空格"),
    "names_renamed": ("duplicate column names renamed: {renamed}", "重复的列名已重命名：{renamed}"),
    "all_rows_empty": ("every row of {source} is empty: it has column names but no values; "
                       "fill in the table or choose another file",
                       "{source} 的每一行都是空的：只有列名，没有数值；请填写表格或换一个文件"),
    "empty_rows_skipped": ("skipped {n} empty {n:?row|rows} ({rows})", "跳过了 {n} 个空行（{rows}）"),
    "id_by_name": ("its name says it is an id or index", "列名表明它是编号或索引"),
    "id_by_count": ("it counts {first:.0f}, {second:.0f}, {third:.0f} … like a row number",
                    "它像行号一样依次为 {first:.0f}、{second:.0f}、{third:.0f} …"),
    "unknown_column": ("unknown column {name!r} in {param}=; the columns are {columns}",
                       "{param}= 中的列 {name!r} 不存在；现有的列为 {columns}"),
    # ---------------------------------------------------------------- roles: what was found in feature columns

    "converted_percent": ("percentages read as fractions ({example} -> {value:g})",
                          "百分数已换算为小数（{example} -> {value:g}）"),
    "converted_thousands": ("thousands separators removed ({example} -> {value:g})",
                            "已去掉千位分隔符（{example} -> {value:g}）"),
    "converted_decimal_comma": ("decimal commas read ({example} -> {value:g})",
                                "已把逗号识别为小数点（{example} -> {value:g}）"),
    "converted_unicode": ("full-width digits or '−' minus signs read as numbers ({example} -> {value:g})",
                          "全角数字或 '−' 减号已按数字读取（{example} -> {value:g}）"),
    "cells_not_numbers": ("{n} {n:?cell is|cells are} not a number and {n:?counts|count} as missing: {cells}",
                          "{n} 个单元格不是数字，按缺失值处理：{cells}"),
    "cells_infinite": ("{n} infinite or overflowing {n:?value counts|values count} as missing: {cells}",
                       "{n} 个无穷大或溢出的值按缺失值处理：{cells}"),
    "cells_missing": ("{n} empty or NA {n:?cell counts|cells count} as missing ({rows})",
                      "{n} 个空白或 NA 单元格按缺失值处理（{rows}）"),
    "row_cell": ("row {row} {cell}", "第 {row} 行 {cell}"),
    "column_note": ("column {name!r}: {note}", "列 {name!r}：{note}"),
    "same_kind": ("{n} feature columns have the same kind of cells, e.g. {example}",
                  "{n} 个特征列都有这类单元格，例如 {example}"),
    # ---------------------------------------------------------------- roles: columns and their roles

    "the_table": ("the table", "该表格"),
    "no_data_rows": ("{source} has column names but no data rows; add rows under the header",
                     "{source} 只有列名，没有数据行；请在表头下面添加数据行"),
    "no_columns": ("{source} has no columns", "{source} 没有任何列"),
    "delimiter": ("delimiter: {delimiter}", "分隔符：{delimiter}"),
    "delimiter_decimal_comma": ("delimiter: {delimiter} with decimal comma", "分隔符：{delimiter}，小数点为逗号"),
    "vectors_expanded": ("column {name!r}: vectors of {k} numbers expanded into features {parts}",
                         "列 {name!r}：每个单元格是含 {k} 个数的向量，已展开为特征 {parts}"),
    "role_clash": ("column {name!r} is in exclude= and also asked for as {role}; choose one",
                   "列 {name!r} 在 exclude= 中，又被指定为{role}；请二选一"),
    "role_label": ("label", "标签"),
    "role_feature": ("a feature", "特征"),
    "label_and_feature": ("column {name!r} is both label= and in features=; a column can be one or the other",
                          "列 {name!r} 既是 label= 又在 features= 中；一列只能是其中之一"),
    "feature_mostly_text": ("column {name!r} used as a feature as asked, though it is mostly text",
                            "已按要求把列 {name!r} 用作特征，尽管其中大多是文本"),
    "text_feature": ("column {name!r} holds text, not numbers{example}, so it cannot be a feature; "
                     "numeric columns: {numeric}",
                     "列 {name!r} 中是文本而不是数字{example}，因此不能作为特征；数值列：{numeric}"),
    "text_feature_example": (" (e.g. row {row}: {cell})", "（例如第 {row} 行：{cell}）"),
    "none": ("none", "无"),
    "not_a_feature": ("column {name!r} is not a feature: {reason}", "列 {name!r} 不作为特征：{reason}"),
    "mixed_column": ("column {name!r} has numbers in {hits} cells but text in {bad} "
                     "(e.g. row {row}: {cell}), so it is read as text, not a feature; "
                     "fix those cells or pass features= to use it anyway",
                     "列 {name!r} 有 {hits} 个单元格是数字，但有 {bad} 个是文本（例如第 {row} 行：{cell}），"
                     "因此按文本读取，不作为特征；请修正这些单元格，或传入 features= 强制使用"),
    "label_column": ("label column: {name!r}", "标签列：{name!r}"),
    "no_label": ("no label column: points are named row 1, row 2, …",
                 "没有标签列：各点依次命名为 row 1、row 2、…"),
    "categories": ("categories: {names}", "类别：{names}"),
    "text_unused": ("text columns not used: {names}", "未使用的文本列：{names}"),
    "empty_columns": ("empty {n:?column|columns} ignored: {names}", "已忽略 {n} 个空列：{names}"),
    "excluded": ("excluded as asked: {names}", "已按要求排除：{names}"),
    "no_numeric_column": ("no numeric column to use as features: the columns are {columns}{more}; the table needs "
                          "at least one column of numbers (or pass features= to choose)",
                          "没有可用作特征的数值列：现有的列为 {columns}{more}；表格至少需要一列数字"
                          "（或用 features= 指定）"),
    "column_kind": ("{name!r} ({kind})", "{name!r}（{kind}）"),
    "kind_number": ("number", "数值"),
    "kind_vector": ("vector", "向量"),
    "kind_text": ("text", "文本"),
    "kind_empty": ("empty", "空"),
    "kind_id": ("id", "编号"),
    "features": ("features: {n} numeric {n:?column|columns} ({names})", "特征：{n} 个数值列（{names}）"),
    # ---------------------------------------------------------------- preprocess

    "bad_scaling": ("scaling={value!r} is not one of {choices}", "scaling={value!r} 无效，可选：{choices}"),
    "bad_missing": ("missing={value!r} is not one of {choices}", "missing={value!r} 无效，可选：{choices}"),
    "no_feature_column": ("the table has no numeric feature column; choose feature columns "
                          "(--features A,B) or check that numbers are written as numbers",
                          "表格中没有数值特征列；请选择特征列（--features A,B），或检查数字是否以数字形式书写"),
    "keep_unknown": ("feature {name!r} is not in the table; features are: {features}",
                     "表格中没有特征 {name!r}；现有特征：{features}"),
    "rows_and_more": ("{rows} and {n} more", "{rows} 及另外 {n} 行"),
    "missing_in_column": ("{name!r}: rows {rows}", "{name!r}：行号 {rows}"),
    "missing_refused": ("{n} row(s) have missing or unreadable values ({where}); "
                        "fill them in, or choose missing='drop' or 'mean'",
                        "{n} 行有缺失或无法读取的值（{where}）；请补全这些值，或选择 missing='drop' 或 'mean'"),
    "missing_dropped": ("dropped {n} row(s) with missing values (rows {rows}; {where})",
                        "删除了 {n} 个含缺失值的行（行号 {rows}；{where}）"),
    "nothing_to_average": ("feature {name!r} has no usable value to average; exclude it (--exclude {name})",
                           "特征 {name!r} 没有可用于求均值的值；请排除它（--exclude {name}）"),
    "missing_filled": ("filled {n} missing value(s) with the column mean ({where})",
                       "用列均值填补了 {n} 个缺失值（{where}）"),
    "no_rows_left": ("no rows are left after dropping missing values; try missing='mean'",
                     "删除含缺失值的行后没有剩下任何行；请尝试 missing='mean'"),
    "constant_dropped": ("dropped {n} constant column(s): {names}", "删除了 {n} 个常数列：{names}"),
    "rescaled": ("values reach {biggest:.3g}: all features were divided by {unit:.0e} so the methods "
                 "stay accurate (cosine similarities and neighbours are unchanged)",
                 "数值达到 {biggest:.3g}：为保证各方法的计算精度，所有特征都除以了 {unit:.0e}（余弦相似度和近邻不变）"),
    "scales_differ": ("feature scales differ by {ratio:.0f}× (widest vs typical column): the widest columns will "
                      "dominate; consider scaling='standard'",
                      "各特征的尺度相差 {ratio:.0f} 倍（最宽的列对比典型列）：最宽的列将起主导作用；"
                      "建议使用 scaling='standard'"),
    "zero_rows_l2": ("{n} all-zero row(s) stay zero under L2 scaling (rows {rows})",
                     "{n} 个全零行在 L2 缩放后仍为零（行号 {rows}）"),
}
