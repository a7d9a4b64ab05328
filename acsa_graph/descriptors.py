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
        listing = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return frozenset({1, 2})
    try:  # the listing's own descriptor is not one the process was started with
        return frozenset(int(fd) for fd in os.listdir(listing)) - {listing}
    finally:
        os.close(listing)


INHERITED = _started_with()
