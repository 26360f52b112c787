"""Outputs built from the database and the tables: terminal tables, the codebook, the report, HXL and xlsx."""
