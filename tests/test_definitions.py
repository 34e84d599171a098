"""The code location: the graph engineers see in the UI, and what loading it costs."""
import subprocess
import sys

import dagster as dg

from pipelines.definitions import defs
from quotewire.settings import CHECKOUT


def test_the_asset_graph_is_the_one_engineers_know():
    # A snapshot of the graph: renaming an asset breaks saved runs, links and analysts' lineage.
    graph = defs.resolve_asset_graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups == {
        "raw_pages": "ingest",
        "articles": "normalise",
        "quotes": "extract", "parties": "extract", "party_mentions": "extract",
        "staged_warehouse": "publish", "published_warehouse": "publish",
    }
    assert graph.get(dg.AssetKey("published_warehouse")).parent_keys == {dg.AssetKey("staged_warehouse")}
    checks = {key.name for key in graph.asset_check_keys}
    assert checks == {f"{t}_suite" for t in ("sources", "articles", "quotes", "parties", "party_mentions",
                                             "rejected_files")}
    assert all(graph.get_check_spec(key).blocking for key in graph.asset_check_keys)


def test_every_asset_says_what_it_is_who_owns_it_and_where_its_code_is():
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.description, key
        assert node.owners, key
        assert node.kinds & {"duckdb", "spacy"}, key
        assert "dagster/code_references" in node.metadata, key


def test_the_nightly_schedule_and_the_inbox_sensor():
    schedule = defs.resolve_schedule_def("nightly_schedule")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.job_name == "nightly"
    sensor = defs.resolve_sensor_def("inbox_sensor")
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED


def test_the_inbox_sensor_requests_a_run_only_when_files_change(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTEWIRE_INBOX", str(tmp_path))
    sensor = defs.resolve_sensor_def("inbox_sensor")
    (tmp_path / "a.txt").write_text("Headline\n\nBody.")
    with dg.instance_for_test() as instance:
        first = sensor.evaluate_tick(dg.build_sensor_context(instance=instance))
        assert len(first.run_requests) == 1
        again = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=first.cursor))
        assert not again.run_requests
        (tmp_path / "b.txt").write_text("Another headline\n\nAnother body.")
        changed = sensor.evaluate_tick(dg.build_sensor_context(instance=instance, cursor=first.cursor))
        assert len(changed.run_requests) == 1


def test_loading_the_code_location_imports_neither_great_expectations_nor_spacy():
    code = ("import sys, time; t = time.perf_counter(); import pipelines.definitions; "
            "print(time.perf_counter() - t); "
            "assert 'great_expectations' not in sys.modules, 'GX imported'; "
            "assert 'spacy' not in sys.modules, 'spaCy imported'")
    done = subprocess.run([sys.executable, "-c", code], cwd=CHECKOUT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
