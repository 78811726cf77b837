"""`make bench`: run every benchmark module in bench/ that has a main(), each in a process of its own.

A process of its own because each sets Django up on its own database (a throwaway one, or
bench_selection): Django is set up once per process, so a second module in the same process
would silently measure the first one's database.
"""

import pkgutil
import subprocess
import sys
from pathlib import Path

failures = 0
for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
    if module.name.startswith("_"):
        continue
    print(f"== bench.{module.name}", flush=True)
    run = f"import sys, bench.{module.name} as bench_module; sys.exit(bench_module.main())"
    failures += subprocess.run([sys.executable, "-c", run], check=False).returncode != 0
sys.exit(1 if failures else 0)
