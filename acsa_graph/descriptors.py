"""The file descriptors this process was started with.

The shell's redirections (``3>>log``, ``>(wc -c)``, standard output) are written to when an
output path names one of them (``/dev/fd/3``); any descriptor the process opens itself later
(a store's database, a file the caller has open) is not among them, and such a path is then an
ordinary file. Recorded when the package is imported, which comes before it opens anything.
"""

from __future__ import annotations

import os


def _started_with() -> frozenset[int]:
    try:
        listed = [int(fd) for fd in os.listdir("/proc/self/fd")]
    except OSError:
        return frozenset({1, 2})
    # The listing itself used a descriptor (or two), closed by now: keep those still open.
    return frozenset(fd for fd in listed if _open(fd))


def _open(descriptor: int) -> bool:
    try:
        os.fstat(descriptor)
    except OSError:
        return False
    return True


INHERITED = _started_with()
