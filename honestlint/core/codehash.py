"""What the running code is, as a digest: every file of the package (subpackages, data and
rule files included), the interpreter and the installed distributions. Caches of compiled
rules and of lint results are keyed on it, so that no file edited, moved or added can leave a
cache made by other code in use (a hard-coded list of files would miss the next new module)."""
from __future__ import annotations

import hashlib
import os
import sys
from functools import lru_cache

# The package's root directory: core/ lives one level below it.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@lru_cache(maxsize=1)
def package_digest() -> bytes:
    digest = hashlib.blake2b(f"{sys.version}\0".encode(), digest_size=16)
    for root, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue  # bytecode is made from the sources, which are read
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, ROOT).encode() + b"\0")
            with open(path, "rb") as fh:
                digest.update(fh.read())
    # Distribution names carry their versions (regex-2024.11.6.dist-info): a listing of the
    # import path's directories tells an upgrade without importing anything.
    for entry in sys.path:
        try:
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
        digest.update("\0".join(names).encode())
    return digest.digest()
