"""Prefect orchestration of news-warehouse, and the ``newswh`` command line."""

import os

# Prefect reads its settings at import: keep usage analytics off unless the user asked otherwise.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
