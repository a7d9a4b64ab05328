"""The project's own promises: lint-clean code, and CI running exactly the README's test command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).with_name("ruff")  # installed by the test extra


def readme_test_command() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- test-command -->\n```sh\n(.+?)\n```", text, flags=re.S)
    assert match, "README.md has no marked test command"
    return match.group(1).strip()


def test_ci_runs_exactly_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_test_command() in script.splitlines()


@pytest.mark.skipif(
    not RUFF.exists(), reason="ruff comes with the test extra: pip install '.[test]'"
)
@pytest.mark.parametrize("args", [["check"], ["format", "--check"]])
def test_code_is_ruff_clean(args):
    done = subprocess.run(
        [str(RUFF), *args, "acsa_graph", "tests", "bench"], cwd=ROOT, capture_output=True, text=True
    )
    assert (done.returncode, done.stdout if done.returncode else "") == (0, "")
