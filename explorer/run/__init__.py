"""Where a computation runs: worker processes, background jobs, tables larger than memory."""
