"""The db package's modules import each other one way only (docs/internals.md, db/).

Every import counts, including the ones inside functions and under TYPE_CHECKING: a cycle hidden
in either still makes a newcomer read the modules in a circle.
"""

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

import ogpcrawl.db

DB_DIR = Path(ogpcrawl.db.__file__).parent
PACKAGE = "ogpcrawl.db"


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The db modules (by short name) that the file at `path` imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                base = PACKAGE if node.level == 1 else PACKAGE.rsplit(".", node.level - 1)[0]
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            # `from ogpcrawl.db import spool` names a module; `from ogpcrawl.db.x import y` too.
            names = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name.startswith(PACKAGE + "."):
                short = name[len(PACKAGE) + 1 :].split(".")[0]
                if short in modules:
                    found.add(short)
    found.discard(path.stem)
    return found


def db_graph() -> dict[str, set[str]]:
    files = {p.stem: p for p in DB_DIR.glob("*.py") if p.stem != "__init__"}
    return {name: imports_of(path, set(files)) for name, path in files.items()}


def test_graph_sees_the_known_imports():
    # Guards the check itself: an import graph parsed as empty would pass the DAG test below.
    graph = db_graph()
    assert {"upsert", "read", "flatten", "migrate", "session", "errors"} <= graph["store"]
    assert {"spool", "spool_load", "errors", "store"} <= graph["snapshot_writer"]
    assert {"spool", "store"} <= graph["spool_load"]
    assert "models" in graph["flatten"]


def test_db_package_has_no_import_cycle():
    try:
        order = list(TopologicalSorter(db_graph()).static_order())
    except CycleError as exc:
        pytest.fail(f"import cycle in ogpcrawl/db: {' -> '.join(exc.args[1])}")
    assert order.index("store") < order.index("snapshot_writer")


def test_low_layers_do_not_reach_up():
    graph = db_graph()
    # The store knows nothing of spooling; the row writers and readers know nothing of the store.
    assert not graph["store"] & {"spool", "spool_load", "snapshot_writer"}
    # The spool file format stands alone: reading a spool needs no database code.
    assert graph["spool"] == set()
    for low in ("upsert", "read", "flatten", "models", "session", "errors"):
        assert not graph[low] & {"store", "spool", "spool_load", "snapshot_writer"}, low


def test_cycle_is_detected(tmp_path):
    # The check fails on the shape it guards against: a module importing one that imports it.
    (tmp_path / "a.py").write_text("from ogpcrawl.db import b\n")
    (tmp_path / "b.py").write_text("def f():\n    from ogpcrawl.db.a import g\n")
    graph = {p.stem: imports_of(p, {"a", "b"}) for p in tmp_path.glob("*.py")}
    with pytest.raises(CycleError):
        list(TopologicalSorter(graph).static_order())
