"""What the Dask engine says (explorer.run.dask): clusters, partitions, passes, output."""

WORDS: dict[str, tuple[str, str]] = {
    "dask_missing": ("the Dask engine needs the packages dask[dataframe] and distributed, which are not installed "
                     "({error}); install them with: {hint}",
                     "Dask 引擎需要 dask[dataframe] 和 distributed 两个包，但它们没有安装（{error}）；请用以下命令安装：{hint}"),
    "dask_why_folder": ("{data} is a folder: reading its Parquet files with the Dask engine",
                        "{data} 是文件夹：用 Dask 引擎读取其中的 Parquet 文件"),
    "dask_why_pattern": ("{data} is a pattern or a URL, not a local file: reading it with the Dask engine",
                         "{data} 是通配符或 URL，而不是本地文件：用 Dask 引擎读取"),
    "dask_why_big": ("{name} holds more than {limit:,} cells, too many to read at once: projecting it with the Dask "
                     "engine on a local cluster (set the partition size with --batch-rows, or use a running cluster "
                     "with --scheduler)",
                     "{name} 的单元格超过 {limit:,} 个，无法一次读入内存：改用 Dask 引擎在本机集群上计算"
                     "（用 --batch-rows 设置分区大小，或用 --scheduler 连接已在运行的集群）"),
    "dask_bad_workers": ("--workers {value} must be at least 1 (the default is one worker process per core)",
                         "--workers {value} 至少为 1（默认每个 CPU 核一个工作进程）"),
    "dask_no_scheduler": ("cannot reach the Dask scheduler at {address} ({error}); start one with `dask scheduler` "
                          "and pass its address, e.g. --scheduler tcp://HOST:8786",
                          "无法连接位于 {address} 的 Dask 调度器（{error}）；请用 `dask scheduler` 启动一个，"
                          "并传入它的地址，例如 --scheduler tcp://HOST:8786"),
    "dask_start_failed": ("could not start a local Dask cluster ({error_type}: {error}); try fewer --workers, or "
                          "start a cluster yourself (`dask scheduler`, `dask worker`) and pass --scheduler",
                          "无法启动本机 Dask 集群（{error_type}: {error}）；请减少 --workers，或自行启动集群"
                          "（`dask scheduler`、`dask worker`）并传入 --scheduler"),
    "dask_local_cluster": ("started a local Dask cluster: {workers} worker processes with 1 thread each, memory "
                           "limit {memory} per worker; dashboard {dashboard}",
                           "已启动本机 Dask 集群：{workers} 个工作进程，每个 1 个线程，每个工作进程的内存上限为 "
                           "{memory}；监控面板 {dashboard}"),
    "dask_connected": ("connected to the Dask scheduler at {address}: {workers} workers, memory limit {memory} per "
                       "worker; dashboard {dashboard}",
                       "已连接位于 {address} 的 Dask 调度器：{workers} 个工作进程，每个的内存上限为 {memory}；"
                       "监控面板 {dashboard}"),
    "dask_no_workers": ("no Dask worker joined the scheduler at {address} within {seconds} s (waiting for {n}); "
                        "start workers with `dask worker {address}`",
                        "{seconds} 秒内没有 Dask 工作进程加入位于 {address} 的调度器（需要 {n} 个）；"
                        "请用 `dask worker {address}` 启动工作进程"),
    "dask_lost_scheduler": ("lost the connection to the Dask scheduler ({error_type}: {error}); nothing was written "
                            "as complete: check that the scheduler is still running and run the command again",
                            "与 Dask 调度器的连接中断（{error_type}: {error}）；没有写出任何完整的结果："
                            "请确认调度器仍在运行，然后重新运行命令"),
    "dask_no_worker_left": ("no Dask worker has been available for {seconds} s while {what}; nothing was written "
                            "as complete: start workers (`dask worker ADDRESS`), or leave out --scheduler to use a "
                            "local cluster, and run the command again",
                            "在{what}时，已有 {seconds} 秒没有可用的 Dask 工作进程；没有写出任何完整的结果："
                            "请启动工作进程（`dask worker ADDRESS`），或去掉 --scheduler 以使用本机集群，然后重新运行命令"),
    "dask_cancelled": ("the Dask job was cancelled while {what} ({error_type}: {error}), usually because a worker "
                       "holding its data was lost; nothing was written as complete: run the command again",
                       "在{what}时 Dask 任务被取消（{error_type}: {error}），通常是因为持有其数据的工作进程丢失了；"
                       "没有写出任何完整的结果：请重新运行命令"),
    "dask_worker_died": ("a Dask worker died while {what}, more often than Dask retries a task ({error}); nothing "
                         "was written as complete: give each worker more memory (fewer --workers, or a larger memory "
                         "limit on the cluster) or use a smaller --batch-rows, and run the command again",
                         "在{what}时 Dask 工作进程崩溃，次数超过了 Dask 对任务的重试次数（{error}）；没有写出任何完整的结果："
                         "请给每个工作进程更多内存（减少 --workers，或提高集群的内存上限）或使用更小的 --batch-rows，"
                         "然后重新运行命令"),
    "dask_out_of_memory": ("a Dask worker ran out of memory while {what}; nothing was written as complete: use a "
                           "smaller --batch-rows (rows per partition) or, for t-SNE/UMAP, a smaller --fit-rows",
                           "在{what}时 Dask 工作进程内存不足；没有写出任何完整的结果：请使用更小的 --batch-rows"
                           "（每个分区的行数），对 t-SNE/UMAP 也可使用更小的 --fit-rows"),
    "dask_worker_import": ("a Dask worker could not import what it needs while {what} ({error}); install the same "
                           "version of embedding-explorer on every worker ({hint}) and restart the workers",
                           "在{what}时 Dask 工作进程无法导入所需的模块（{error}）；请在每个工作进程所在的环境中安装相同版本的 "
                           "embedding-explorer（{hint}），然后重启工作进程"),
    "dask_task_failed": ("a Dask worker failed while {what} ({error_type}: {error}); nothing was written as "
                         "complete: please report it with the command and the table's column types",
                         "在{what}时 Dask 工作进程出错（{error_type}: {error}）；没有写出任何完整的结果："
                         "请连同命令和表格各列的类型一起报告此问题"),
    "dask_vector_width": ("column {name!r}: vectors in rows {first}–{last} hold {found} numbers but those of the "
                          "first rows hold {width}; every vector must have the same length",
                          "列 {name!r}：第 {first}–{last} 行的向量含 {found} 个数，而前几行的向量含 {width} 个；"
                          "所有向量的长度必须相同"),
    "dask_bad_url": ("cannot open {data!r} ({error_type}: {error}); check the path or URL, and for a remote store "
                     "that its fsspec package is installed (e.g. s3fs for s3://)",
                     "无法打开 {data!r}（{error_type}: {error}）；请检查路径或 URL；若是远程存储，"
                     "请确认已安装相应的 fsspec 包（例如 s3:// 需要 s3fs）"),
    "dask_no_files": ("no Parquet file found at {data!r}; check the path, folder or pattern (a folder is searched "
                      "recursively; names starting with _ or . are skipped)",
                      "在 {data!r} 没有找到 Parquet 文件；请检查路径、文件夹或通配符（文件夹会递归查找；"
                      "以 _ 或 . 开头的文件会被跳过）"),
    "dask_not_parquet": ("{name}: cannot read it as a Parquet file ({error_type}: {error}); the Dask engine reads "
                         "Parquet files, folders or globs of them: export the table as Parquet, or leave out "
                         "--engine dask and --batch-rows",
                         "{name}：无法作为 Parquet 文件读取（{error_type}: {error}）；Dask 引擎只读取 Parquet 文件、"
                         "文件夹或通配符匹配的多个文件：请把表格导出为 Parquet，或去掉 --engine dask 和 --batch-rows"),
    "dask_what_footers": ("reading the Parquet footers", "读取 Parquet 文件尾信息"),
    "dask_what_roles": ("reading the first rows for the column roles", "读取前几行以确定各列的角色"),
    "dask_schema_differs": ("{file} has no column {name!r}, which {first} has; every Parquet file of the input must "
                            "hold the same columns",
                            "{file} 没有 {first} 中的列 {name!r}；输入中的每个 Parquet 文件都必须含有相同的列"),
    "dask_big_row_groups": ("{name} stores up to {mb:,.0f} MB per row group, and pyarrow holds a whole row group "
                            "(decoded) while it reads one: a worker's memory follows that, not --batch-rows; write "
                            "the files with smaller row groups, e.g. pyarrow.parquet.write_table(table, path, "
                            "row_group_size=100_000)",
                            "{name} 每个行组最多有 {mb:,.0f} MB，而 pyarrow 读取时会把整个行组解码后放在内存中："
                            "工作进程的内存取决于行组大小，而不是 --batch-rows；请用更小的行组写出文件，例如 "
                            "pyarrow.parquet.write_table(table, path, row_group_size=100_000)"),
    "dask_groups_cut": ("--batch-rows {rows:,} is smaller than the row groups of {name} (up to {group:,} rows): "
                        "partitions are cut out of row groups, and a group is decoded once for every partition it "
                        "feeds; --batch-rows {group:,} or more reads each group once",
                        "--batch-rows {rows:,} 小于 {name} 的行组（最多 {group:,} 行）：分区从行组中切出，"
                        "一个行组要为它所属的每个分区各解码一次；--batch-rows 不小于 {group:,} 时每个行组只读一次"),
    "dask_roles_from": ("Dask engine: column roles were chosen from the first {rows:,} of {total:,} rows; set them "
                        "with --label, --features, --exclude if they are wrong",
                        "Dask 引擎：各列的角色根据 {total:,} 行中的前 {rows:,} 行确定；如有错误，请用 --label、"
                        "--features、--exclude 指定"),
    "dask_batch_rows": ("batch_rows={value} must be at least 1 row (e.g. --batch-rows 100000)",
                        "batch_rows={value} 至少为 1 行（例如 --batch-rows 100000）"),
    "dask_progress": ("{what}: {done} of {total} partitions", "{what}：已完成 {done}/{total} 个分区"),
    "dask_what_statistics": ("gathering the column statistics of {name}", "统计 {name} 的各列"),
    "dask_missing_error": ("row {row}, column {column!r}: the value is missing or not a number and missing='error'; "
                           "fill it in, or choose missing='drop' or 'mean' (--missing)",
                           "第 {row} 行，列 {column!r}：该值缺失或不是数字，而 missing='error'；请补全它，"
                           "或选择 missing='drop' 或 'mean'（--missing）"),
    "dask_dropped": ("dropped {n} row(s) with missing or unreadable values (rows {rows}; cells by column: {where})",
                     "删除了 {n} 个含缺失或无法读取的值的行（行号 {rows}；各列的单元格数：{where}）"),
    "dask_filled": ("filled {n} missing value(s) with the column mean ({where})",
                    "用列均值填补了 {n} 个缺失值（{where}）"),
    "dask_no_rows_left": ("no rows are left after dropping missing values; try missing='mean' (--missing mean)",
                          "删除含缺失值的行后没有剩下任何行；请尝试 missing='mean'（--missing mean）"),
    "dask_too_few_rows": ("a projection needs at least 2 rows; the table has {n}", "投影至少需要 2 行；表格只有 {n} 行"),
    "dask_identical_rows": ("all {n} rows are identical: nothing to separate; check the file or choose other feature "
                            "columns",
                            "全部 {n} 行都相同：没有可区分的内容；请检查文件或选择其他特征列"),
    "dask_pca_width": ("PCA on the Dask engine keeps a d×d matrix and supports up to {limit} features; the table has "
                       "{d}: choose fewer columns (--features)",
                       "Dask 引擎上的 PCA 需要保存一个 d×d 矩阵，最多支持 {limit} 个特征；表格有 {d} 个："
                       "请选择更少的列（--features）"),
    "dask_what_covariance": ("gathering the covariance", "计算协方差"),
    "dask_no_direction": ("row {row}{more} {count:?has|have} no direction (all values equal or zero): "
                          "cosine/correlation distance is undefined there; use metric='euclidean' or remove those rows",
                          "第 {row} 行{more}没有方向（所有值相等或为零，共 {count} 行）：余弦/相关距离在此没有定义；"
                          "请使用 metric='euclidean' 或删除这些行"),
    "dask_more_rows": (" and {n} more {n:?row|rows}", "及另外 {n} 行"),
    "dask_what_sample": ("collecting the {n} rows to fit {title} on", "收集用于拟合 {title} 的 {n} 行"),
    "dask_fitting": ("fitting {title} on {rows} of {n} rows (on this machine)", "在本机上用 {n} 行中的 {rows} 行拟合 {title}"),
    "dask_sampled": ("{title} was fitted on a random sample of {rows} of {n} rows (seed {seed}, fit_rows={fit_rows}); "
                     "the others are placed into that layout beside their nearest fitted rows (approximate: they did "
                     "not shape it)",
                     "{title} 是在 {n} 行中随机抽取的 {rows} 行上拟合的（seed {seed}，fit_rows={fit_rows}）；"
                     "其余各行被放在与其最近的已拟合行旁边（近似：它们没有参与塑造布局）"),
    "dask_not_finite": ("{title} gave non-finite coordinates for row {row}: the values are too large to represent; "
                        "standardise the features (scaling='standard') or use PCA",
                        "{title} 为第 {row} 行给出了非有限的坐标：数值太大，无法表示；请标准化特征（scaling='standard'）"
                        "或使用 PCA"),
    "dask_out_not_ours": ("{out} is a folder that holds {name!r}, not only the part files of an earlier run, so it "
                          "is not replaced; choose another --out (a new folder name, or a .csv file)",
                          "{out} 是一个含有 {name!r} 的文件夹，而不只是之前运行写出的分片文件，因此不会被替换；"
                          "请另选 --out（新的文件夹名，或 .csv 文件）"),
    "dask_writing": ("writing {out}: {done} of {total} rows ({parts} partitions)",
                     "正在写出 {out}：{total} 行中的 {done} 行（分区 {parts}）"),
    "dask_wrote": ("wrote {rows} rows to {out} ({parts} Parquet part files)",
                   "已向 {out} 写出 {rows} 行（{parts} 个 Parquet 分片文件）"),
    "dask_what_write": ("writing the coordinates", "写出坐标"),
    "dask_csv_ready": ("computing the coordinates (the CSV is written once every partition is ready)",
                       "计算坐标（所有分区都完成后才写出 CSV）"),
    "dask_what_item": ("looking for {item!r}", "查找 {item!r}"),
    "dask_what_close": ("looking for labels close to {item!r}", "查找与 {item!r} 相近的标签"),
    "dask_did_you_mean": ("did you mean {names}?", "您要找的是不是 {names}？"),
    "dask_check_label": ("check the label column (--label)", "请检查标签列（--label）"),
    "dask_no_item": ("no item is labelled {item!r}; {hint}", "没有标签为 {item!r} 的条目；{hint}"),
    "dask_item_repeated": ("{n} items are labelled {item!r}; using the first (row {row})",
                           "有 {n} 个条目的标签为 {item!r}；使用第一个（第 {row} 行）"),
    "dask_what_scores": ("scoring every row against {item!r}", "计算每一行与 {item!r} 的相似度"),
    "dask_whole_table": ("{why}, which the Dask engine does not do (it never holds the whole table); leave the option "
                         "out (the Dask engine writes the coordinates), or project a smaller table in memory "
                         "(--engine memory)",
                         "{why}，而 Dask 引擎不会这样做（它从不把整个表格放进内存）；请去掉该选项（Dask 引擎只写出坐标），"
                         "或在内存中投影一个更小的表格（--engine memory）"),
    "dask_engine_conflict": ("{flags} run the Dask engine, but --engine memory was asked for; leave out {flags} or "
                             "--engine memory",
                             "{flags} 需要 Dask 引擎，但指定了 --engine memory；请去掉 {flags} 或 --engine memory"),
}
