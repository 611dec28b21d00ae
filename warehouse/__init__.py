"""All DuckDB and Parquet I/O: the warehouse directory, its atomic loads and its queries."""

from warehouse.store import QueryResult, Warehouse, WarehouseBusyError, WarehouseError

__all__ = ["QueryResult", "Warehouse", "WarehouseBusyError", "WarehouseError"]
