"""What running a computation says (explorer.run) and what the command says (explorer.cli)."""

WORDS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- worker processes
    "workers_busy": ("all {n} projection workers stayed busy; wait for the other projections to finish and try "
                     "again", "全部 {n} 个投影工作进程一直繁忙；请等其他投影完成后再试"),
    "worker_timeout": ("{method} did not finish within {seconds:g} s on {n:,} rows; {fix}",
                       "{method} 在 {n:,} 行上 {seconds:g} 秒内没有完成；{fix}"),
    "fix_tsne": ("fit on fewer rows (fit_rows; the rest are placed into the layout), lower n_iter, or use PCA",
                 "在更少的行上拟合（fit_rows；其余的行会被放入布局）、调低 n_iter，或改用 PCA"),
    "fix_umap": ("fit on fewer rows (fit_rows; the rest are placed into the layout), lower n_neighbors, or use PCA",
                 "在更少的行上拟合（fit_rows；其余的行会被放入布局）、调低 n_neighbors，或改用 PCA"),
    "fix_pca": ("use fewer rows or feature columns", "请减少行或特征列"),
    "fix_linear": ("use fewer rows", "请减少行数"),
    "worker_where": ("while running {method} on {n:,} rows × {d:,} features", "运行 {method}（{n:,} 行 × {d:,} 个特征）时"),
    "worker_killed": ("the projection worker was killed (SIGKILL) {where}, most likely because the machine ran out of "
                      "memory; run it again, or use fewer rows, or PCA",
                      "{where}，投影工作进程被终止（SIGKILL），很可能是机器内存不足；请重新运行、减少行数，或改用 PCA"),
    "worker_crashed": ("the projection worker crashed ({signal}, {what}) {where}; the server is fine: run it again, "
                       "or try other parameters, fewer rows, or PCA",
                       "{where}，投影工作进程崩溃了（{signal}，{what}）；服务器没有受影响：请重新运行，或换参数、减少行数、改用 PCA"),
    "worker_stopped": ("the projection worker was stopped ({signal}, {what}) {where}; the server is fine: run it again, "
                       "or try other parameters, fewer rows, or PCA",
                       "{where}，投影工作进程被停止（{signal}，{what}）；服务器没有受影响：请重新运行，或换参数、减少行数、改用 PCA"),
    "worker_exited": ("the projection worker exited unexpectedly (exit code {code}) {where}; try again, or use PCA",
                      "{where}，投影工作进程意外退出（退出码 {code}）；请重试，或改用 PCA"),
    # ---------------------------------------------------------------- recipes
    "recipe_invalid": ("the recipe is not a valid explorer recipe JSON ({error}); export a new one with --recipe-out",
                       "该配方不是有效的 explorer 配方 JSON（{error}）；请用 --recipe-out 重新导出"),
    "recipe_other_file": ("{input} differs from the file the recipe was made from ({name})",
                          "{input} 与生成该配方时所用的文件（{name}）不同"),
    # ---------------------------------------------------------------- the command
    "cli_random_weights": ("no --weights given: the linear map uses a random Gaussian W (seed {seed}); pass --weights "
                           "W.csv for your own E(x) = Wx + b",
                           "没有给出 --weights：线性映射使用随机高斯 W（种子 {seed}）；要用你自己的 E(x) = Wx + b，请传入 --weights W.csv"),
    "cli_fit_and_weights": ("--fit-to and --weights both give the linear map's W: keep one of them",
                            "--fit-to 和 --weights 都在给出线性映射的 W：请只保留其中一个"),
    "cli_bias": ("--bias {text!r}: write {k} numbers separated by commas, e.g. --bias {example}",
                 "--bias {text!r}：请写 {k} 个用逗号分隔的数，例如 --bias {example}"),
    "cli_fit_method": ("--fit-to fits the linear map E(x) = Wx + b, not {method}: use --method linear (or leave "
                       "--method out)", "--fit-to 拟合的是线性映射 E(x) = Wx + b，而不是 {method}：请用 --method linear（或不写 --method）"),
    "cli_no_item": ("no item is labelled {item!r}; {hint}", "没有标签为 {item!r} 的条目；{hint}"),
    "cli_did_you_mean": ("did you mean {names}?", "是否想找 {names}？"),
    "cli_check_label": ("check the label column (--label)", "请检查标签列（--label）"),
    "cli_item_twice": ("{n} items are labelled {item!r}; using the first (row {row})",
                       "有 {n} 个条目的标签是 {item!r}；使用第一个（第 {row} 行）"),
    "cli_unknown_method": ("unknown method {method!r}; choose from {valid}", "未知的方法 {method!r}；请从中选择：{valid}"),
    "cli_cannot_open": ("cannot open {path}: {reason}; check the path", "无法打开 {path}：{reason}；请检查路径"),
    "cli_interrupted": ("interrupted", "已中断"),
    # ---------------------------------------------------------------- options that need the whole table
    "whole_metadata": ("--metadata pairs a text vectors file with its labels",
                       "--metadata 要把文本向量文件与它的标签逐行配对"),
    "whole_fit_to": ("--fit-to finds its items by label in the whole table", "--fit-to 要在整个表格中按标签找条目"),
    "whole_neighbors": ("--neighbors compares every row with every other", "--neighbors 要把每一行与其他每一行比较"),
    "whole_html": ("--html draws every point", "--html 要画出每一个点"),
    "whole_recipe": ("--recipe checks the whole file's fingerprint", "--recipe 要核对整个文件的指纹"),
    "whole_recipe_out": ("--recipe-out stores the whole file's fingerprint", "--recipe-out 要记录整个文件的指纹"),
}
