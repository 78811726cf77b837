"""`make bench`: run every benchmark module in bench/ that has a main(), each in a process of its own.

Each bench sets Django up against its own throwaway database; one process per bench keeps the
first one's settings from being the others'.
"""

import pkgutil
import subprocess
import sys
from pathlib import Path

failures = []
for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
    if module.name.startswith("_"):
        continue
    print(f"== bench.{module.name}", flush=True)
    call = f"import sys, bench.{module.name} as bench; sys.exit(bench.main())"
    if subprocess.run([sys.executable, "-c", call], check=False).returncode:
        failures.append(module.name)
print(f"== failed: {', '.join(failures)}" if failures else "== every bench passed")
sys.exit(1 if failures else 0)
