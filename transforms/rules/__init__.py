"""Rule data for the extractors, as small CSV files beside this module, read once at import."""

import csv
from pathlib import Path

RULES_DIR = Path(__file__).parent


def read_rule_csv(name: str, rules_dir: Path = RULES_DIR) -> list[dict[str, str]]:
    """Rows of one rule CSV, keyed by its header; blank lines and '#' comment lines are skipped."""
    with (rules_dir / name).open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    return [{key: value.strip() for key, value in row.items()} for row in csv.DictReader(lines)]
