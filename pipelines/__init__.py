"""The Dagster code location of quotewire: `pipelines.definitions` is the table of contents."""
