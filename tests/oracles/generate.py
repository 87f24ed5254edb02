#!/usr/bin/python3
"""Writes the oracle fixtures the C++ tests compare against.

Run with Debian's python3 (scipy 1.10, scikit-learn 1.2, pandas 1.5, numpy 1.24):
    /usr/bin/python3 tests/oracles/generate.py
Each gen_*.py module beside this file writes its own fixtures under tests/oracles/fixtures/.
The fixtures are committed; regenerate them only when a case is added.
"""
import importlib
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent


def main():
    out = HERE / "fixtures"
    out.mkdir(exist_ok=True)
    sys.path.insert(0, str(HERE))
    for module_file in sorted(HERE.glob("gen_*.py")):
        module = importlib.import_module(module_file.stem)
        written = module.generate(out)
        for path in written:
            print(f"wrote {path.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
