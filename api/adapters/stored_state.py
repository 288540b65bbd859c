"""How event state is stored: plain JSON, or zlib-compressed JSON for large stores.

Both readers accept both forms (JSON always starts with `{`, a zlib stream with 0x78), so turning
compression on or off later needs no migration: events keep the bytes they were written with,
which is also what the Merkle leaves hash, so proofs issued before a switch still verify.
"""

from __future__ import annotations

import zlib

from eventsourcing.persistence import Compressor

_JSON_START = b"{"


class StoredState(Compressor):
    def __init__(self, *, compress: bool) -> None:
        self.compressing = compress

    def compress(self, data: bytes) -> bytes:
        return zlib.compress(data) if self.compressing else data

    def decompress(self, data: bytes) -> bytes:
        return data if data[:1] == _JSON_START else zlib.decompress(data)


PLAIN = StoredState(compress=False)
COMPRESSED = StoredState(compress=True)
