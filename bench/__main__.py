"""`make bench`: run every benchmark module in bench/ that has a main()."""

import importlib
import pkgutil
import sys
from pathlib import Path

failures = 0
for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
    if module.name.startswith("_"):
        continue
    print(f"== bench.{module.name}")
    failures += bool(importlib.import_module(f"bench.{module.name}").main())
sys.exit(1 if failures else 0)
