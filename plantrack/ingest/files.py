"""Read a spreadsheet from a path without trusting what the path is.

A path given to the CLI may name a 3 GB file (reading it first and checking the size after costs 3 GB), a
FIFO (opening it blocks until someone writes), a device such as /dev/zero (endless) or a symlink to one.
So the file is opened non-blocking, checked with fstat on the open descriptor (no race with a swapped
path) and read only when it is a regular file within ``[import] max_file_mb``, and never more than that.
"""
from __future__ import annotations

import os
import stat

from .records import IngestError, Location

MB = 1024 * 1024


def read_regular_file(path, name: str, settings) -> bytes:
    """The bytes of `path`, or IngestError (code "too_large" / "not_a_file") naming `name`."""
    loc = Location(name)
    limit = int(settings.max_file_mb * MB)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            what = ("一个目录 / a directory" if stat.S_ISDIR(st.st_mode) else
                    "一个管道 / a FIFO" if stat.S_ISFIFO(st.st_mode) else
                    "一个设备 / a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                    "一个套接字 / a socket" if stat.S_ISSOCK(st.st_mode) else "不是普通文件 / not a regular file")
            raise IngestError(f"不是普通文件 / not a regular file: the path is {what}; expected a spreadsheet "
                              f"file", loc, code="not_a_file")
        if st.st_size > limit:
            raise IngestError(too_large_message(st.st_size, settings), loc, code="too_large")
        chunks, total = [], 0
        while True:   # read at most limit + 1 bytes: a file that grows while we read is still bounded
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise IngestError(too_large_message(total, settings), loc, code="too_large")
        return b"".join(chunks)
    finally:
        os.close(fd)


def too_large_message(size: int, settings) -> str:
    return f"文件过大 / file too large: {size / MB:.1f} MB, the limit is {settings.max_file_mb:g} MB"
