"""The DuckDB database: the package's tables loaded, the views (one .sql file each) computed, Parquet written."""
