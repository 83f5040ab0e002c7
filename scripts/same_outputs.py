"""Check that a change leaves the demo's outputs byte for byte as they were.

Runs `staggersim run` on the demo's three scenarios, once with the code of a
git commit (checked out into a temporary worktree) and once with the working
tree, and compares every output file but the run times and the folder marker.
Exits 1 when a file differs or is missing.

    python scripts/same_outputs.py 06779dc            # scale 0.1, seed 1
    python scripts/same_outputs.py HEAD --scale 0.05 --seed 2
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ("baseline_8to5", "proposal_9to5", "proposal_0830")
NOT_COMPARED = {"timings.json", ".staggersim-output.json"}


def _digests(code: Path, out: Path, scale: float, seed: int) -> dict[str, str]:
    """sha256 of every output of the three runs with the code in `code`, by relative path."""
    env = dict(os.environ, PYTHONPATH=str(code))
    for name in SCENARIOS:
        subprocess.run([sys.executable, "-m", "sim.cli", "run",
                        f"scenarios/shaoyang/{name}.toml", "--scale", str(scale),
                        "--seed", str(seed), "-o", str(out / name), "--quiet"],
                       cwd=code, env=env, check=True)
    return {str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(out.rglob("*"))
            if path.is_file() and path.name not in NOT_COMPARED}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("commit", help="the commit to compare against, e.g. HEAD or 06779dc")
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(scratch / "code"),
                        args.commit], cwd=ROOT, check=True)
        try:
            before = _digests(scratch / "code", scratch / "before", args.scale, args.seed)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(scratch / "code")],
                           cwd=ROOT, check=True)
        after = _digests(ROOT, scratch / "after", args.scale, args.seed)
    differ = sorted(name for name in before.keys() | after.keys()
                    if before.get(name) != after.get(name))
    for name in sorted(before.keys() | after.keys()):
        print(f"{'differs' if name in differ else 'same':8s} {name}")
    print(f"{len(differ)} of {len(before | after)} files differ from {args.commit}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
