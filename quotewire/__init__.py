"""quotewire: raw news pages in, a DuckDB warehouse of who said what and who was mentioned out.

The modules in this package know nothing of Dagster: they turn text into records.
`pipelines/` and `assets/` wire them into the Dagster graph; `warehouse/` owns DuckDB.
"""
