"""Quotebook's database tables, the engine factory and migrations. No Qt, no file formats."""
