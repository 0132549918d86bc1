"""Settings (JSON, atomic writes) and the SQLite result cache (Qt-free)."""
