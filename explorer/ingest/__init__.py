"""Reading: bytes of a file or an upload -> a raw table, and the reader's notes."""
