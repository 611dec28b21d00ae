"""All DuckDB and Parquet I/O: the warehouse directory, its atomic loads and its queries."""

from warehouse.store import CommittedRun, QueryResult, Warehouse, WarehouseBusyError, WarehouseError

__all__ = ["CommittedRun", "QueryResult", "Warehouse", "WarehouseBusyError", "WarehouseError"]
