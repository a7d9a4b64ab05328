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


def test_the_readme_python_session_shows_what_the_package_answers(tmp_path, monkeypatch):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    session = re.search(r"## Python\n\n```python\n(.+?)\n```", text, flags=re.S).group(1)
    monkeypatch.chdir(tmp_path)  # the session exports a file
    namespace: dict[str, object] = {}
    shown, expected = [], []
    lines = session.splitlines()
    for number, line in enumerate(lines):
        if not line.startswith(">>> "):
            continue
        statement = line[4:]
        following = lines[number + 1] if number + 1 < len(lines) else ">>>"
        if following.startswith(">>>"):
            exec(statement, namespace)
        else:
            shown.append(repr(eval(statement, namespace)))
            expected.append(following)
    assert (len(shown), shown) == (4, expected)
