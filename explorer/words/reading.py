"""What the reading stage (explorer.ingest) says about a file: formats, encodings, layout, JSON, NumPy."""

WORDS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- uploads
    "metadata_alone": ("{name} looks like TF-Projector metadata: labels and categories for the rows of a vectors "
                       "file, with no vectors of its own; upload its vectors file (vectors.tsv) too, and the two "
                       "are read together",
                       "{name} 看起来是 TF-Projector 的元数据：它为向量文件的各行提供标签和类别，本身没有向量；"
                       "请把对应的向量文件（vectors.tsv）也上传，两者会一起读取"),
    "upload_set_aside": ("Showing {used}, the newest upload; {aside} is set aside (remove it with its × to keep the "
                         "list tidy).",
                         "显示的是最新上传的 {used}；{aside} 已搁置（可点击其 × 移除）。"),
    # ---------------------------------------------------------------- readers: files

    "unknown_sample": ("unknown sample {name!r}; samples: {samples}",
                       "没有名为 {name!r} 的示例数据；可选的示例：{samples}"),
    "out_of_memory": ("not enough memory to read {name}; use a smaller file (fewer rows or columns)",
                      "内存不足，无法读取 {name}；请换一个更小的文件（减少行或列）"),
    "internal_error": ("internal error while reading {name} ({error_type}: {error}); please report it with the "
                       "file, and meanwhile try saving the table as a UTF-8 CSV",
                       "读取 {name} 时发生内部错误（{error_type}: {error}）；请连同该文件一起报告此问题，"
                       "在此之前可先把表格另存为 UTF-8 编码的 CSV 再试"),
    "uploaded_data": ("the uploaded data", "上传的数据"),
    "not_a_file": ("{path!r} is not a file; choose a .csv, .tsv, .txt, .xlsx, .parquet, .json or .npy file",
                   "{path!r} 不是文件；请选择 .csv、.tsv、.txt、.xlsx、.parquet、.json 或 .npy 文件"),
    "too_big": ("{name} is {size}, over the limit of {limit}; use a smaller file (fewer rows or columns) "
                "or raise the limit",
                "{name} 的大小为 {size}，超过了 {limit} 的上限；请换一个更小的文件（减少行或列），或提高上限"),
    "bytes": ("{n} bytes", "{n} 字节"),
    "cannot_open": ("cannot open {path!r}: {reason}; check the path{hint}",
                    "无法打开 {path!r}：{reason}；请检查路径{hint}"),
    "cannot_open_pasted": (" (to read pasted text, pass it as bytes: text.encode())",
                           "（若要读取粘贴的文本，请以字节形式传入：text.encode()）"),
    "cannot_read_type": ("cannot read a {kind}; pass a file path or the file's bytes",
                         "无法读取 {kind} 类型的对象；请传入文件路径或文件的字节内容"),
    "magic_office": ("{name} is an old Office file (.xls or .doc); open it in Excel or LibreOffice and save it "
                     "as .xlsx or CSV",
                     "{name} 是旧版 Office 文件（.xls 或 .doc）；请用 Excel 或 LibreOffice 打开，另存为 .xlsx 或 CSV"),
    "magic_gzip": ("{name} is gzip-compressed; unpack it first", "{name} 是 gzip 压缩文件；请先解压"),
    "magic_xz": ("{name} is xz-compressed; unpack it first", "{name} 是 xz 压缩文件；请先解压"),
    "magic_7z": ("{name} is a 7-Zip archive; unpack it first", "{name} 是 7-Zip 压缩包；请先解压"),
    "magic_zstd": ("{name} is zstd-compressed; unpack it first", "{name} 是 zstd 压缩文件；请先解压"),
    "magic_pdf": ("{name} is a PDF document; export the table inside it as CSV",
                  "{name} 是 PDF 文档；请把其中的表格导出为 CSV"),
    "magic_png": ("{name} is a PNG image, not a table", "{name} 是 PNG 图片，不是表格"),
    "magic_jpeg": ("{name} is a JPEG image, not a table", "{name} 是 JPEG 图片，不是表格"),
    "fake_parquet": ("{name} is named like a Parquet file but is not one (it does not start with 'PAR1'); "
                     "export it again, or rename it to .csv if it holds text",
                     "{name} 的扩展名是 Parquet，但它不是 Parquet 文件（开头不是 'PAR1'）；"
                     "请重新导出，若其内容是文本，可改名为 .csv"),
    "fake_excel": ("{name} is named like an Excel file but is not a workbook; "
                   "save it again from Excel, or rename it to .csv if it holds text",
                   "{name} 的扩展名是 Excel，但它不是 Excel 工作簿；请在 Excel 中重新保存，若其内容是文本，可改名为 .csv"),
    # ---------------------------------------------------------------- readers: encoding

    "unknown_encoding": ("{name}: cannot tell the text encoding (it is not UTF-8, and no common encoding fits); "
                         "save the file as UTF-8 (in Excel: Save As → 'CSV UTF-8')",
                         "{name}：无法判断文本编码（不是 UTF-8，常见编码也都不符）；"
                         "请把文件另存为 UTF-8（Excel 中：另存为 → “CSV UTF-8”）"),
    "encoding_guessed": ("encoding guessed: {encoding}", "编码（推测）：{encoding}"),
    "encoding": ("encoding: {encoding} ({how})", "编码：{encoding}（{how}）"),
    "encoding_bom": ("byte-order mark", "依据字节顺序标记 BOM"),
    "encoding_zero_bytes": ("guessed from its zero bytes", "根据其中的零字节推断"),
    "invalid_encoding": ("{name} is not valid {encoding} at byte {byte}; "
                         "save the file as UTF-8 (in Excel: Save As → 'CSV UTF-8')",
                         "{name} 在第 {byte} 字节处不是有效的 {encoding} 编码；"
                         "请把文件另存为 UTF-8（Excel 中：另存为 → “CSV UTF-8”）"),
    "binary": ("{name} does not look like a text table ({why}); choose a CSV, TSV, .txt, .xlsx, .parquet, JSON or "
               ".npy file",
               "{name} 看起来不是文本表格（{why}）；请选择 CSV、TSV、.txt、.xlsx、.parquet、JSON 或 .npy 文件"),
    "binary_zero_bytes": ("it holds zero bytes", "其中含有零字节"),
    "binary_control": ("{share:.0%} of its first characters are control characters",
                       "开头的字符中有 {share:.0%} 是控制字符"),
    # ---------------------------------------------------------------- readers: layout and parsing

    "no_header": ("no header line: the first line holds numbers, so it is read as data; columns named {names}",
                  "没有表头：第一行是数字，因此按数据读取；列名依次为 {names}"),
    "delimiter_tab": ("tab", "制表符"),
    "delimiter_space": ("space", "空格"),
    "ragged": ("{name}: ragged rows: the {first} has {width} fields (delimiter {delimiter}) but {where}{more}. "
               "Fix those lines: quote cells that contain the delimiter, or add the missing cells as empty "
               "fields{unclosed}",
               "{name}：各行字段数不一致：{first}有 {width} 个字段（分隔符 {delimiter}），但{where}{more}。"
               "请修改这些行：给包含分隔符的单元格加上引号，或把缺少的单元格补为空字段{unclosed}"),
    "ragged_header": ("header", "表头"),
    "ragged_first_line": ("first line", "第一行"),
    "ragged_row": ("row {row}{line} has {fields} {fields:?field|fields}", "第 {row} 行{line}有 {fields} 个字段"),
    "ragged_line": (" (line {line})", "（文件第 {line} 行）"),
    "ragged_more": (", and {n} more rows", "，另有 {n} 行也是如此"),
    "ragged_unclosed": (". A quote (\") opened in {at} is never closed: close it or remove it",
                        "。{at}开始的引号（\"）没有闭合：请补上闭合引号或删除它"),
    "row_at_line": ("row {row}{line}", "第 {row} 行{line}"),
    "unparsable": ("{name}: cannot be read as a table with delimiter {delimiter} ({error}); check that "
                   "it is a CSV/TSV file and that every quote is closed",
                   "{name}：无法按分隔符 {delimiter} 读取为表格（{error}）；请确认它是 CSV/TSV 文件，且每个引号都已闭合"),
    "empty_file": ("{name} is empty; choose a file with a header line and rows of values",
                   "{name} 是空文件；请选择一个含表头和数据行的文件"),
    "sep_line": ("first line {line!r} gives the delimiter", "第一行 {line!r} 指定了分隔符"),
    "no_rows_after_first": ("{name} has no rows after its first line; add a header line and rows of values",
                            "{name} 在第一行之后没有任何行；请添加表头和数据行"),
    "blank_lines": ("skipped {n} {n:?line|lines} holding only spaces", "跳过了 {n} 个只含空格的行"),
    "too_many_cells": ("{name} has {rows} rows × {columns} columns, over the limit of {limit:,} cells; "
                       "use fewer rows or columns",
                       "{name} 有 {rows} 行 × {columns} 列，超过了 {limit:,} 个单元格的上限；请减少行或列"),
    "header_no_rows": ("{name} has a header line ({names}) but no data rows; add rows of values under it",
                       "{name} 只有表头（{names}），没有数据行；请在表头下面添加数据行"),
    "trailing_delimiter": ("every row ends with an extra {delimiter!r}: the empty last field is dropped",
                           "每一行末尾都多了一个 {delimiter!r}：已去掉最后的空字段"),
    "unnamed_first": ("the header has {names} names but every row has {fields} fields: the first field "
                      "is read as an unnamed column 'Unnamed: 0' (row names)",
                      "表头有 {names} 个列名，但每一行都有 {fields} 个字段：第一个字段作为未命名列 "
                      "'Unnamed: 0'（行名）读取"),
    # ---------------------------------------------------------------- readers: Parquet, Excel

    "bad_parquet": ("{name}: cannot read this Parquet file ({error_type}: {error}); it may be cut "
                    "short or damaged: export it again, or save the table as CSV",
                    "{name}：无法读取此 Parquet 文件（{error_type}: {error}）；文件可能不完整或已损坏："
                    "请重新导出，或把表格另存为 CSV"),
    "zip_not_workbook": ("{name} is a zip archive, not an Excel workbook; unpack it and choose the table inside",
                         "{name} 是 zip 压缩包，不是 Excel 工作簿；请解压后选择其中的表格"),
    "workbook_too_big": ("{name} unpacks to more than 2 GB; save the sheet as CSV or Parquet instead",
                         "{name} 解压后超过 2 GB；请改为把工作表另存为 CSV 或 Parquet"),
    "no_worksheet": ("{name} has no worksheet; add the table to a sheet", "{name} 中没有工作表；请把表格放到一个工作表中"),
    "sheet_too_big": ("{name}: the first sheet has more than {limit:,} cells; save it as CSV or Parquet instead",
                      "{name}：第一个工作表超过 {limit:,} 个单元格；请改为另存为 CSV 或 Parquet"),
    "bad_workbook": ("{name}: cannot read this Excel workbook ({error_type}: {error}); open it in "
                     "Excel or LibreOffice and save it again, or save the sheet as CSV",
                     "{name}：无法读取此 Excel 工作簿（{error_type}: {error}）；请用 Excel 或 LibreOffice "
                     "打开后重新保存，或把工作表另存为 CSV"),
    "first_sheet": ("sheet {sheet!r} read (the first of {count} sheets)", "读取了工作表 {sheet!r}（共 {count} 个工作表中的第一个）"),
    "empty_rows_above": ("skipped {n} empty {n:?row|rows} above the table", "跳过了表格上方的 {n} 个空行"),
    "empty_sheet": ("{name}: the sheet {sheet!r} is empty; put a header row and rows of values in it",
                    "{name}：工作表 {sheet!r} 是空的；请在其中填入表头行和数据行"),
    "header_row_no_rows": ("{name} has a header row ({names}) but no data rows; add rows of values under it",
                           "{name} 只有表头行（{names}），没有数据行；请在表头下面添加数据行"),
    # ---------------------------------------------------------------- readers: TF-Projector metadata

    "metadata_note": ("metadata: {note}", "元数据：{note}"),
    "metadata_empty": ("the metadata file {name} is empty; it needs one line per vector",
                       "元数据文件 {name} 是空的；它需要每个向量对应一行"),
    "metadata_header": ("metadata: first line {line!r} read as the column name "
                        "(the file has one line more than the vectors)",
                        "元数据：第一行 {line!r} 被读作列名（该文件比向量多一行）"),
    "metadata_count": ("{vectors} has {n} rows but the metadata file {name} has {m}{after}; they must "
                       "match line for line (one-column metadata has no header line; several columns "
                       "have one)",
                       "{vectors} 有 {n} 行，但元数据文件 {name} 有 {m} 行{after}；两者必须逐行对应"
                       "（只有一列的元数据没有表头行；多列的元数据有表头行）"),
    "metadata_after_header": (" after its header line", "（不含表头行）"),
    "metadata_long_row": ("metadata file {name}: the header has {width} columns but row {row} has "
                          "{fields}; remove the extra tabs",
                          "元数据文件 {name}：表头有 {width} 列，但第 {row} 行有 {fields} 列；请删除多余的制表符"),
    "metadata_short_rows": ("metadata: {n} {n:?row has|rows have} fewer fields than the header (first: row {row}); "
                            "the missing cells are empty",
                            "元数据：有 {n} 行的字段比表头少（第一处：第 {row} 行）；缺少的单元格留空"),
    "metadata_columns": ("metadata: {width} {width:?column|columns} from {name}", "元数据：从 {name} 读取了 {width} 列"),
    # ---------------------------------------------------------------- readers: helpers for the page and the command

    "weights_cell": ("weights: row {row}, column {column!r} is empty or not a number; every cell of "
                     "W must be a number (one row per output axis, one column per feature)",
                     "权重：第 {row} 行、列 {column!r} 为空或不是数字；W 的每个单元格都必须是数字"
                     "（每个输出坐标轴一行，每个特征一列）"),
    # ---------------------------------------------------------------- formats: JSON, NumPy, "label → [vector]" lines

    "at_line": ("line {n}", "第 {n} 行"),
    "at_item": ("item {n}", "第 {n} 项"),
    "at_item_of": ("item {n} of {of!r}", "{of!r} 的第 {n} 项"),
    "at_key": ("key {of}", "键 {of}"),
    "file_empty": ("{name} is empty (no bytes of data); choose the file that holds the vectors, or save them again",
                   "{name} 是空文件（没有任何数据）；请选择保存着向量的文件，或重新保存"),
    "fix_records": ('write one record per item, e.g. {{"text": "apple", "embedding": [0.2, 0.5, 0.8]}}',
                    '每项写一条记录，例如 {{"text": "apple", "embedding": [0.2, 0.5, 0.8]}}'),
    "json_object": ("an object", "对象"),
    "json_list": ("a list", "列表"),
    "json_text": ("a text", "文本"),
    "json_bool": ("true/false", "布尔值 true/false"),
    "json_null": ("null", "空值 null"),
    "json_number": ("a number", "数字"),
    "json_too_big": ("{name}{where} is {mb:.0f} MB of JSON, over the limit of {limit} MB for one JSON document (it is "
                     "read into memory whole); write one record per line (JSON Lines, .jsonl) or save the vectors "
                     "with numpy.save (.npy)",
                     "{name}{where} 是 {mb:.0f} MB 的 JSON，超过了单个 JSON 文档 {limit} MB 的上限（它需要整体读入内存）；"
                     "请每行写一条记录（JSON Lines，.jsonl），或用 numpy.save 保存向量（.npy）"),
    "json_too_many": ("{name}{where} holds about {n:,} JSON values, over the limit of {limit:,} for one JSON document "
                      "(it is read into memory whole); write one record per line (JSON Lines, .jsonl) or save the "
                      "vectors with numpy.save (.npy)",
                      "{name}{where} 含约 {n:,} 个 JSON 值，超过了单个 JSON 文档 {limit:,} 个值的上限（它需要整体读入内存）；"
                      "请每行写一条记录（JSON Lines，.jsonl），或用 numpy.save 保存向量（.npy）"),
    "where_line": (", line {n}", " 第 {n} 行"),
    "json_invalid": ("{name}{where} is not valid JSON: {reason} at line {line}, column {column}; fix it there (keys "
                     "and text need double quotes, no comma after the last entry), or save the file again from the "
                     "program that made it",
                     "{name}{where} 不是有效的 JSON：第 {line} 行第 {column} 列 {reason}；请在该处修正（键和文本要用双引号，"
                     "最后一项后面不能有逗号），或用生成它的程序重新保存"),
    "json_too_deep": ("{name}{where}: the JSON is nested too deeply to read; {fix}",
                      "{name}{where}：JSON 嵌套太深，无法读取；{fix}"),
    "json_bad_value": ("{name}{where}: cannot read a value in this JSON ({error}); fix that value",
                       "{name}{where}：无法读取此 JSON 中的一个值（{error}）；请修正该值"),
    "json_scalar": ("{name} holds a single JSON value ({kind}: {value}), not a table; write {{\"label\": [0.2, 0.5, "
                    "0.8], ...}} or a list of records like [{{\"text\": \"apple\", \"embedding\": [0.2, 0.5, 0.8]}}]",
                    "{name} 只含一个 JSON 值（{kind}：{value}），不是表格；请写成 {{\"label\": [0.2, 0.5, 0.8], ...}}，"
                    "或记录列表，如 [{{\"text\": \"apple\", \"embedding\": [0.2, 0.5, 0.8]}}]"),
    "json_empty_object": ("{name} holds an empty JSON object; write {{\"label\": [0.2, 0.5, 0.8], ...}}",
                          "{name} 是一个空的 JSON 对象；请写成 {{\"label\": [0.2, 0.5, 0.8], ...}}"),
    "json_duplicate_key": ("{name}: the key {label} appears twice in the JSON object; every key names one item: rename "
                           "or remove one of them",
                           "{name}：JSON 对象中键 {label} 出现了两次；每个键代表一个条目：请重命名或删除其中一个"),
    "json_several_lists": ("{name}: the JSON object holds several lists of records or vectors ({keys}); keep one "
                           "list of items in the file",
                           "{name}：JSON 对象中有多个记录或向量列表（{keys}）；文件中只保留一个条目列表"),
    "json_value_not_vector": ("{name}, {at}: the value is {kind} ({value}), not a list of numbers; an object maps "
                              "labels to vectors: {{\"apple\": [0.2, 0.5, 0.8], ...}}, or holds one list of records: "
                              "{{\"data\": [{{\"text\": ..., \"embedding\": [...]}}, ...]}}",
                              "{name}，{at}：值是{kind}（{value}），不是数字列表；对象应把标签映射到向量："
                              "{{\"apple\": [0.2, 0.5, 0.8], ...}}，或只含一个记录列表："
                              "{{\"data\": [{{\"text\": ..., \"embedding\": [...]}}, ...]}}"),
    "json_value_not_numbers": ("{name}, {at}: the value holds {value}, not a number; an object maps labels to "
                               "vectors: {{\"apple\": [0.2, 0.5, 0.8], ...}}",
                               "{name}，{at}：值中含有 {value}，不是数字；对象应把标签映射到向量："
                               "{{\"apple\": [0.2, 0.5, 0.8], ...}}"),
    "item_not_record": ("{name}, {at}: the item is {kind} ({value}); the items must be records ({fix}) or vectors "
                        "like [0.2, 0.5, 0.8]",
                        "{name}，{at}：该项是{kind}（{value}）；各项须为记录（{fix}）或向量，如 [0.2, 0.5, 0.8]"),
    "items_mixed": ("{name}, {at}: the item is {kind} but {first} is {first_kind}; the items must be all records "
                    "{{…}} or all vectors […]: fix or remove it",
                    "{name}，{at}：该项是{kind}，而{first}是{first_kind}；各项须全是记录 {{…}} 或全是向量 […]："
                    "请修正或删除它"),
    "item_not_numbers": ("{name}, {at}: the vector holds {value}, not a number; vectors hold numbers only, like "
                         "[[0.2, 0.5], [0.1, 0.9]]",
                         "{name}，{at}：向量中含有 {value}，不是数字；向量只能包含数字，如 [[0.2, 0.5], [0.1, 0.9]]"),
    "no_items": ("{name} holds no items; {fix}, or one vector per item",
                 "{name} 中没有任何条目；{fix}，或每项写一个向量"),
    "what_vector": ("the vector", "向量"),
    "what_field": ("field {field!r}", "字段 {field!r}"),
    "vector_not_list": ("{name}, {at}: {what} is {value}, not a list of numbers like [0.2, 0.5, 0.8]; fix it or "
                        "remove {at}",
                        "{name}，{at}：{what}是 {value}，不是数字列表（如 [0.2, 0.5, 0.8]）；请修正或删除{at}"),
    "vector_entry_not_number": ("{name}, {at}: entry {entry} of {what} is {value}, not a number; vectors hold "
                                "numbers only: fix it or remove {at}",
                                "{name}，{at}：{what}的第 {entry} 个元素是 {value}，不是数字；向量只能包含数字："
                                "请修正或删除{at}"),
    "vector_entry_huge": ("{name}, {at}: entry {entry} of {what} is an integer of {digits} digits, too large for a "
                          "number: fix it or remove {at}",
                          "{name}，{at}：{what}的第 {entry} 个元素是 {digits} 位的整数，超出了数字的范围："
                          "请修正或删除{at}"),
    "vector_lengths": ("{name}, {at}: {what} has {n} numbers but {first} has {k}; every vector must have the same "
                       "length: fix it or remove {at}",
                       "{name}，{at}：{what}有 {n} 个数字，而{first}有 {k} 个；所有向量的长度必须相同：请修正或删除{at}"),
    "vector_not_finite": ("{name}, {at}: entry {entry} of {what} is {value}; vectors must hold finite numbers: "
                          "replace it or remove {at}",
                          "{name}，{at}：{what}的第 {entry} 个元素是 {value}；向量只能包含有限的数字：请替换它或删除{at}"),
    "vectors_empty": ("{name}: {what} is empty ([]) in {first}; every vector needs at least one number",
                      "{name}：{first}中的{what}为空（[]）；每个向量至少要有一个数字"),
    "no_vectors": ("{name}: no item holds {what}; {fix}", "{name}：没有任何条目含有{what}；{fix}"),
    "nested_too_deep": ("{name}, {at}: field {field!r} holds objects nested more than {depth} levels deep; flatten "
                        "the records: fields of text or numbers and one list of numbers (the vector)",
                        "{name}，{at}：字段 {field!r} 中的对象嵌套超过 {depth} 层；请把记录展平：由文本或数字字段，"
                        "加一个数字列表（向量）组成"),
    "too_many_fields": ("{name}, {at}: the records have more than {n:,} different fields; use fewer fields",
                        "{name}，{at}：记录中不同字段超过 {n:,} 个；请减少字段"),
    "several_vectors": ("{name}: the records hold several lists of numbers ({fields}) and it is not clear which is "
                        "the vector; name it 'embedding' or keep one list per record",
                        "{name}：记录中有多个数字列表（{fields}），无法确定哪个是向量；请把它命名为 'embedding'，"
                        "或每条记录只保留一个列表"),
    "json_cells": ("{name} has {n:,} items × {width:,} values, over the limit of {limit:,} cells; use fewer items or "
                   "fields",
                   "{name} 有 {n:,} 个条目 × {width:,} 个值，超过了 {limit:,} 个单元格的上限；请减少条目或字段"),
    "no_fields": ("{name}: the records have no fields of text, numbers or vectors; {fix}",
                  "{name}：记录中没有文本、数字或向量字段；{fix}"),
    "how_list_vectors": ("a list of vectors (no labels)", "向量列表（无标签）"),
    "how_list_records": ("a list of records", "记录列表"),
    "how_keys": ("label from keys", "标签取自键"),
    "how_keys_records": ("label from keys, records as values", "标签取自键，值为记录"),
    "how_wrapped": ("items from key {of!r}", "条目取自键 {of!r}"),
    "how_lines": ("one per line", "每行一条"),
    "desc_items": ("{n} items", "{n} 个条目"),
    "desc_records": ("{n} records", "{n} 条记录"),
    "desc_dims": ("{k}-dimensional vectors", "{k} 维向量"),
    "desc_dims_field": ("{k}-dimensional vectors from field {field!r}", "{k} 维向量，取自字段 {field!r}"),
    "desc_fields": ("fields: {names}", "字段：{names}"),
    "desc_other_fields": ("other fields: {names}", "其他字段：{names}"),
    "desc_not_used": ("not used: {fields}", "未使用：{fields}"),
    "desc_dropped": ("{field!r} ({why})", "字段 {field!r}（{why}）"),
    "why_other_lists": ("lists that are not vectors", "不是向量的列表"),
    "why_not_the_vector": ("lists, not the vector", "列表，不是所用的向量"),
    "desc_keys_unused": ("keys not used: {names}", "未使用的键：{names}"),
    "note_json": ("JSON: {what}", "JSON 文件：{what}"),
    "note_json_lines": ("JSON Lines: {what}", "JSON Lines 文件：{what}"),
    "note_not_json": ("not valid JSON, read line by line", "不是有效的 JSON，已逐行读取"),
    "note_label_lines": ("text: {n} lines 'label {sep} [vector]', {k}-dimensional vectors",
                         "文本：{n} 行“标签 {sep} [向量]”，{k} 维向量"),
    "note_header_names": ("first line read as the column names ({label}, {vector})",
                          "第一行作为列名读取（{label}、{vector}）"),
    "note_lines_skipped": ("{n} comment or brace {n:?line|lines} skipped", "跳过了 {n} 行注释或括号"),
    "line_not_like_others": ("{name}, line {line}: {text} is not like the other lines, 'label → [0.2, 0.5, 0.8]'; "
                             "fix that line or remove it",
                             "{name} 第 {line} 行：{text} 与其他行的格式“标签 → [0.2, 0.5, 0.8]”不同；请修正或删除这一行"),
    "line_vector_empty": ("{name}, line {line}: the vector is empty ([]); write its numbers, or remove the line",
                          "{name} 第 {line} 行：向量为空（[]）；请写入数字，或删除这一行"),
    "line_entry_bad": ("{name}, line {line}: entry {entry} of the vector is {why}; vectors hold finite numbers "
                       "only: fix it or remove the line",
                       "{name} 第 {line} 行：向量的第 {entry} 个元素{why}；向量只能包含有限的数字：请修正或删除这一行"),
    "why_empty_entry": ("an empty entry (two separators in a row?)", "为空（是否连续写了两个分隔符？）"),
    "why_not_number": ("{value}, not a number", "是 {value}，不是数字"),
    "why_not_finite": ("{value}, not a finite number", "是 {value}，不是有限的数字"),
    "why_too_large": ("too large for a number", "超出了数字的范围"),
    "line_lengths": ("{name}, line {line}: the vector has {n} numbers but line {first} has {k}; every vector must "
                     "have the same length: fix it or remove the line",
                     "{name} 第 {line} 行：向量有 {n} 个数字，而第 {first} 行有 {k} 个；所有向量的长度必须相同："
                     "请修正或删除这一行"),
    "line_cells": ("{name} has {n:,} lines of {k:,} numbers, over the limit of {limit:,} cells; use fewer lines",
                   "{name} 有 {n:,} 行、每行 {k:,} 个数字，超过了 {limit:,} 个单元格的上限；请减少行数"),
    "npz_member": ("{name}: member {array!r}", "{name} 中的数组 {array!r}"),
    "npy_version": ("{name} is a .npy file of format version {version} (an array of records); save a plain "
                    "numeric array: np.save(path, vectors.astype('float32'))",
                    "{name} 是格式版本 {version} 的 .npy 文件（记录数组）；请保存普通的数值数组："
                    "np.save(path, vectors.astype('float32'))"),
    "npy_header": ("{name}: cannot read this .npy header ({error}); the file may be cut short or damaged: save it "
                   "again with np.save",
                   "{name}：无法读取 .npy 文件头（{error}）；文件可能不完整或已损坏：请用 np.save 重新保存"),
    "npy_cut": ("{name} is cut short: its header says {shape} values of {size} bytes, but only {have:,} bytes "
                "follow; save it again",
                "{name} 不完整：文件头写明有 {shape} 个 {size} 字节的值，但之后只有 {have:,} 字节；请重新保存"),
    "npy_objects": ("{name} holds Python objects (a pickled object array); it is not loaded, because unpickling a "
                    "file can run any code in it: save plain arrays instead, e.g. np.save(path, "
                    "vectors.astype('float32')) and labels as np.array(labels, dtype=str)",
                    "{name} 中是 Python 对象（经 pickle 序列化的对象数组）；出于安全不予读取，因为反序列化文件"
                    "可以执行其中的任意代码：请改存普通数组，例如 np.save(path, vectors.astype('float32'))，"
                    "标签存为 np.array(labels, dtype=str)"),
    "npy_not_numbers": ("{name} holds {what}, not numbers; save the vectors as a numeric n × d array",
                        "{name} 中是{what}，不是数字；请把向量保存为 n × d 的数值数组"),
    "dtype_records": ("records (a structured array)", "记录（结构化数组）"),
    "dtype_text": ("text", "文本"),
    "dtype_bytes": ("bytes", "字节串"),
    "dtype_complex": ("complex numbers", "复数"),
    "dtype_dates": ("dates", "日期"),
    "dtype_timedeltas": ("time spans", "时间间隔"),
    "dtype_raw": ("raw bytes", "原始字节"),
    "dtype_objects": ("Python objects", "Python 对象"),
    "npy_dims": ("{name} is a {ndim}-dimensional array (shape {shape}): {hint}",
                 "{name} 是 {ndim} 维数组（形状 {shape}）：{hint}"),
    "npy_hint_0d": ("a single number", "只是一个数"),
    "npy_hint_1d": ("one vector; stack the vectors into an n × d array (np.stack)",
                    "只是一个向量；请把向量堆叠成 n × d 的数组（np.stack）"),
    "npy_hint_nd": ("more than two dimensions; reshape it to items × dimensions, e.g. a.reshape({rows}, -1)",
                    "多于两维；请改成“条目 × 维度”的形状，例如 a.reshape({rows}, -1)"),
    "npy_empty": ("{name} is an empty array (shape {shape}); it needs at least one row and one column",
                  "{name} 是空数组（形状 {shape}）；至少需要一行一列"),
    "npy_too_big": ("{name} holds {rows:,} × {cols:,} values, over the limit of {limit:,}; use fewer rows",
                    "{name} 有 {rows:,} × {cols:,} 个值，超过了 {limit:,} 的上限；请减少行数"),
    "npy_not_finite": ("{name}: row {row}, dimension {col} is {value}; the vectors must hold finite numbers: "
                       "replace it (e.g. np.nan_to_num) or drop that row",
                       "{name}：第 {row} 行第 {col} 维是 {value}；向量只能包含有限的数字：请替换它（例如 np.nan_to_num）"
                       "或删除该行"),
    "npz_text_too_big": ("{name} holds {mb:.0f} MB of text, over the limit of {limit} MB; shorten the labels",
                         "{name} 含 {mb:.0f} MB 的文本，超过了 {limit} MB 的上限；请缩短标签"),
    "npz_damaged": ("{name}: cannot read this .npz archive ({error}); it may be cut short or damaged: save it again "
                    "with np.savez",
                    "{name}：无法读取此 .npz 文件（{error}）；文件可能不完整或已损坏：请用 np.savez 重新保存"),
    "npz_array": ("{array!r} ({shape} {what})", "数组 {array!r}（{shape} {what}）"),
    "npz_no_matrix": ("{name} holds no 2-D array of numbers (arrays: {arrays}); save the vectors as one n × d array, "
                      "e.g. np.savez(path, embeddings=vectors, labels=labels)",
                      "{name} 中没有二维数值数组（现有：{arrays}）；请把向量保存为一个 n × d 数组，"
                      "例如 np.savez(path, embeddings=vectors, labels=labels)"),
    "npz_several": ("{name} holds several 2-D arrays ({arrays}) and none is named like the vectors; name it "
                    "'embeddings': np.savez(path, embeddings=vectors, labels=labels)",
                    "{name} 中有多个二维数组（{arrays}），且没有一个的名字表明它是向量；请命名为 'embeddings'："
                    "np.savez(path, embeddings=vectors, labels=labels)"),
    "note_npy": ("NumPy .npy: {rows} × {cols} {dtype} array, no labels",
                 "NumPy .npy：{rows} × {cols} 的 {dtype} 数组，无标签"),
    "note_npz": ("NumPy .npz: {rows} × {cols} {dtype} array {array!r}",
                 "NumPy .npz：{rows} × {cols} 的 {dtype} 数组 {array!r}"),
    "note_npz_text": ("text columns from {names}", "文本列取自 {names}"),
    "note_npz_no_labels": ("no labels", "无标签"),
    "note_npz_unused": ("arrays not used: {names}", "未使用的数组：{names}"),
}
