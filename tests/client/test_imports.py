"""The terminal client runs on the project's protocol code and Python's standard library alone:
nothing of the portal, and no package a page or the server could have brought in."""

import ast
import sys

from tests.paths import ROOT

OURS = {"crypto", "terminal"}


def test_the_client_imports_only_crypto_and_the_standard_library() -> None:
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "terminal").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                found.setdefault(name.split(".")[0], set()).add(path.name)
    assert found, "no imports found: is the package where the test looks?"
    others = {top: files for top, files in found.items() if top not in OURS and top not in sys.stdlib_module_names}
    assert others == {}
