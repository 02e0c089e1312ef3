"""Write native/data/t2s-phrases.txt: the keys of OpenCC's TSPhrases dictionary, as the
installed `opencc` package ships it (the reference of normalize()'s step 5).

The core converts Traditional -> Simplified with tables that Python builds from the installed
OpenCC at start-up (honestlint/native.py): every single character is asked of OpenCC itself,
but OpenCC's API cannot list its phrases, so their keys are kept here; their values are again
asked of OpenCC at start-up. Run this after upgrading opencc; it uses the `opencc_dict` tool
that the opencc wheel carries (clib/bin) to turn TSPhrases.ocd2 into text.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import opencc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "native", "data", "t2s-phrases.txt")


def main() -> int:
    clib = os.path.join(os.path.dirname(opencc.__file__), "clib")
    tool = os.path.join(clib, "bin", "opencc_dict")
    if not os.path.exists(tool):
        print(f"{tool} not found: this opencc wheel has no opencc_dict tool", file=sys.stderr)
        return 2
    env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(clib, "lib64"))
    with tempfile.TemporaryDirectory() as tmp:
        text = os.path.join(tmp, "TSPhrases.txt")
        subprocess.run([tool, "-i", os.path.join(clib, "share", "opencc", "TSPhrases.ocd2"),
                        "-o", text, "-f", "ocd2", "-t", "text"], check=True, env=env)
        with open(text, encoding="utf-8") as f:
            keys = sorted({line.split("\t", 1)[0] for line in f if line.strip()})
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(f"# opencc {opencc.__version__} TSPhrases keys (scripts/opencc_phrases.py)\n")
        f.writelines(k + "\n" for k in keys)
    print(f"{len(keys)} phrase keys of opencc {opencc.__version__} -> {os.path.relpath(OUT, ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
