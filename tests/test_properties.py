"""Property: whatever bytes and records arrive, a run neither crashes nor loses the valid records."""

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.etl import etl
from warehouse import Warehouse

SENTENCES = [
    "The ferry to Gull Island resumed service on Monday after a two-week repair.",
    "“We expect 400 passengers a day,” said Ines Varga, the ferry operator's manager.",
    "The county paid $2.3 million for the new engines, about 15% more than planned.",
    "Fishermen on the island said the outage had cost them most of the spring season.",
]

valid_records = st.lists(
    st.builds(lambda n, k: {"text": f"{SENTENCES[k]} Report {n}.", "url": f"https://gull.example/{n}"},
              st.integers(0, 10_000), st.integers(0, len(SENTENCES) - 1)),
    max_size=4, unique_by=lambda record: record["url"],
)  # fmt: skip
junk_lines = st.lists(
    st.one_of(st.text(max_size=40), st.binary(max_size=40).map(lambda b: b.decode("latin-1"))), max_size=4
)
junk_files = st.lists(
    st.tuples(st.sampled_from([".txt", ".jsonl", ".csv", ".html", ".json", ".txt.gz"]), st.binary(max_size=300)),
    max_size=3,
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=valid_records, junk=junk_lines, files=junk_files)
def test_random_inputs_never_crash_a_run_nor_lose_valid_records(prefect_harness, records, junk, files):
    with tempfile.TemporaryDirectory() as folder:
        inbox = Path(folder) / "inbox"
        inbox.mkdir()
        lines = [json.dumps(record) for record in records] + [line.replace("\n", " ") for line in junk]
        (inbox / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        for number, (suffix, data) in enumerate(files):
            (inbox / f"random{number}{suffix}").write_bytes(data)
        store = Warehouse(Path(folder) / "wh")
        summary = etl(inputs=[str(inbox)], warehouse=str(store.root))
        if not store.exists():
            assert not records
            return
        urls = {url for (url,) in store.query("SELECT url FROM articles WHERE url IS NOT NULL").rows}
        assert {record["url"] for record in records} <= urls
        assert summary["rejected"] == store.query("SELECT count(*) FROM rejected_inputs").rows[0][0]
