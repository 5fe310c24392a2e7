"""Words of selecting many items: the search over labels and text columns, isolate, the linked table, the
file opened from the command line (``explorer view``), and colouring by a number."""

WORDS: dict[str, tuple[str, str]] = {
    # key: (English, 中文)
    "select_text": ("Select items whose text contains…", "选择文本中包含……的条目"),
    "select_text_help": (
        "Searches the label and every text column (or the one you pick) and selects every item that matches, "
        "as TF Projector's search does. Plain text matches anywhere, ignoring case; a regular expression is "
        "Python's (e.g. ^电影[AB]$).",
        "在标签和所有文本列（或你选定的那一列）中搜索，并选中所有匹配的条目（与 TF Projector 的搜索相同）。"
        "纯文本在任意位置匹配、不区分大小写；正则表达式使用 Python 语法（例如 ^电影[AB]$）。",
    ),
    "select_hint": ("e.g. rat, 电影, ^digit [0-3]$", "例如 rat、电影、^digit [0-3]$"),
    "select_mode": ("Match", "匹配方式"),
    "select_mode_substring": ("text", "文本"),
    "select_mode_regex": ("regex", "正则"),
    "select_in": ("In", "搜索范围"),
    "select_in_all": ("every text column", "所有文本列"),
    "selected_n": ("**{n:,}** of {total:,} items selected (outlined, the rest faded)",
                   "已选中 {total:,} 个条目中的 **{n:,}** 个（描边显示，其余淡化）"),
    "selected_none": (
        "Nothing selected: type above, or drag a box or lasso on a picture (its toolbar's select tools).",
        "尚未选中：在上方输入，或在图上框选/套索选择（图表工具栏中的选择工具）。",
    ),
    "selected_no_match": ("No item matches {pattern} in {where}.", "在{where}中没有条目匹配 {pattern}。"),
    "select_clear": ("Clear selection", "清除选择"),
    "isolate": ("Isolate selection", "只显示选中项"),
    "isolate_help": (
        "Draw only the selected items, each with its {k} nearest items in the data (and the anchor).",
        "只绘制选中的条目、它们各自在原始数据中的 {k} 个最近邻（以及锚点）。",
    ),
    "isolated": ("Isolated: drawing {shown:,} items — the {n:,} selected and their nearest in the data.",
                 "只显示选中项：绘制 {shown:,} 个条目 —— 选中的 {n:,} 个及它们在原始数据中的近邻。"),
    "isolated_alone": ("Isolated: drawing {shown:,} items — the {n:,} selected (too many to add each one's nearest)"
                       " and the anchor.",
                       "只显示选中项：绘制 {shown:,} 个条目 —— 选中的 {n:,} 个（数量太多，不再加入各自的近邻）和锚点。"),
    "select_download": ("Selection CSV", "选中项 CSV"),
    "search_bad_regex": (
        "{pattern!r} is not a valid regular expression ({error}); fix it, or choose plain text matching to find "
        "these characters as they are",
        "{pattern!r} 不是有效的正则表达式（{error}）；请修改，或改用纯文本匹配来按原样查找这些字符",
    ),
    "search_too_slow": (
        "the regular expression {pattern!r} was still searching after {seconds:g} s (at item {item!r}): it "
        "backtracks too much. Simplify it (a repeat inside a repeat, such as (a+)+, is the usual cause), or choose "
        "plain text matching",
        "正则表达式 {pattern!r} 搜索了 {seconds:g} 秒仍未结束（在条目 {item!r} 处）：回溯过多。请简化它（常见原因是"
        "重复套重复，例如 (a+)+），或改用纯文本匹配",
    ),
    "search_too_long": (
        "the search text is {n} characters long; keep it under {limit}",
        "搜索文本长 {n} 个字符；请保持在 {limit} 个以内",
    ),
    # ---------------------------------------------------------------- the linked table
    "linked_table": ("Items", "条目表"),
    "linked_rows_selected": ("the {n:,} selected items", "选中的 {n:,} 个条目"),
    "linked_rows_drawn": ("the {n:,} items in view", "图中的 {n:,} 个条目"),
    "linked_rows_cut": ("the {shown:,} closest to the anchor of {n:,} items", "{n:,} 个条目中离锚点最近的 {shown:,} 个"),
    "linked_caption": (
        "Showing {which}. Click a column name to sort, click a row to make it the anchor.",
        "显示{which}。点击列名排序，点击某一行将其设为锚点。",
    ),
    "col_item": ("item", "条目"),
    "col_selected": ("selected", "选中"),
    # ---------------------------------------------------------------- colour by a number
    "colour_scale": ("{name} (scale)", "{name}（色阶）"),
    "colour_missing": ("{n:,} items without a number in {name} are drawn grey.",
                       "{name} 中没有数值的 {n:,} 个条目以灰色绘制。"),
    # ---------------------------------------------------------------- explorer view FILE
    "source_file": ("opened file", "打开的文件"),
    "opened_file": ("Opened from the command line: **{name}**", "从命令行打开：**{name}**"),
    "cli_view_url": ("Embedding Explorer: {name} at {url}  (Ctrl+C stops it)",
                     "嵌入探索器：{name}，地址 {url}（按 Ctrl+C 停止）"),
    "cli_view_no_app": ("the page's app.py is not beside the explorer package ({path}); run explorer view from a "
                        "checkout of the project (pip install -e .)",
                        "在 explorer 包旁边找不到页面的 app.py（{path}）；请在项目的源码目录中运行 explorer view"
                        "（pip install -e .）"),
    "cli_view_methods": ("--method {given!r}: give 1 to 4 of {valid}, separated by commas (e.g. pca,tsne)",
                         "--method {given!r}：请给出 {valid} 中的 1 到 4 个，用逗号分隔（例如 pca,tsne）"),
    "cli_view_port": ("--port {port}: give a port number from 1 to 65535", "--port {port}：端口号应在 1 到 65535 之间"),
    "view_opened_missing": ("the file opened from the command line, {path}, cannot be read any more ({reason}); "
                            "showing a sample", "从命令行打开的文件 {path} 已无法读取（{reason}）；改为显示示例数据"),
}
