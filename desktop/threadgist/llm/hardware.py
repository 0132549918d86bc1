"""This computer, as far as choosing a local model goes: memory and CPU cores."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Machine:
    ram_total: int  # bytes
    ram_available: int | None  # bytes free for a new program now, when the system says
    cores: int  # CPU cores this process may use

    @property
    def ram_usable(self) -> int:
        """Memory a model may take: what is available now, else 70 % of all of it."""
        if self.ram_available:
            return self.ram_available
        return int(self.ram_total * 0.7)


def this_machine() -> Machine:
    total, available = _memory()
    return Machine(total, available, _cores())


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _memory() -> tuple[int, int | None]:
    if sys.platform.startswith("linux"):
        found = _meminfo("/proc/meminfo")
        if found[0]:
            return found
    if sys.platform == "win32":
        return _windows_memory()
    try:  # macOS and other Unix systems
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        total = 0
    return total, None


def _meminfo(path: str) -> tuple[int, int | None]:
    values: dict[str, int] = {}
    try:
        with open(path, encoding="ascii", errors="replace") as meminfo:
            for line in meminfo:
                name, _, rest = line.partition(":")
                parts = rest.split()
                if parts and parts[0].isdigit():
                    values[name] = int(parts[0]) * 1024
    except OSError:
        return 0, None
    return values.get("MemTotal", 0), values.get("MemAvailable")


def _windows_memory() -> tuple[int, int | None]:
    import ctypes

    class Status(ctypes.Structure):
        _fields_ = [
            ("dwLength", ctypes.c_ulong),
            ("dwMemoryLoad", ctypes.c_ulong),
            ("ullTotalPhys", ctypes.c_ulonglong),
            ("ullAvailPhys", ctypes.c_ulonglong),
            ("ullTotalPageFile", ctypes.c_ulonglong),
            ("ullAvailPageFile", ctypes.c_ulonglong),
            ("ullTotalVirtual", ctypes.c_ulonglong),
            ("ullAvailVirtual", ctypes.c_ulonglong),
            ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
        ]

    status = Status()
    status.dwLength = ctypes.sizeof(Status)
    try:
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
            return int(status.ullTotalPhys), int(status.ullAvailPhys)
    except (AttributeError, OSError):
        pass
    return 0, None
