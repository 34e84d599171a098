"""Every DuckDB connection of quotewire, and the publish step.

Two files: the pipeline's own state store (read-write, only ever opened by a run) and the
published warehouse (written only as a fresh build file swapped in with `os.replace`, so an
analyst's open session never blocks a run and never sees half a load).
"""
