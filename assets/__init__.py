"""Thin Dagster assets: read the state, call a plain function of `quotewire`, write, report."""
