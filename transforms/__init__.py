"""Pure functions from article text to table records: no I/O, no Prefect, no DuckDB."""
