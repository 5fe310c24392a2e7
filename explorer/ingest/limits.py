"""How much the reader takes in, in one place: cells of a table, bytes looked at to guess a layout."""

MAX_CELLS = 100_000_000  # one float64 table of this size is 800 MB
XLSX_MAX_CELLS = 10_000_000  # openpyxl needs ~1 s per million cells
SAMPLE_BYTES = 1 << 16  # bytes looked at to guess the encoding, the delimiter and the header
