"""The house in layers (articles/__init__.py states the rule): no import climbs a layer, no import
circle anywhere, each module small enough to read. Every import counts, those inside functions too:
a lazy import hides a circle, it does not break it."""

import ast
import importlib
from pathlib import Path

import pytest
from django.utils.module_loading import import_string
from django_tasks.base import Task

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("newsroom", "articles", "accounts")

# articles' sub-packages, lowest first. Within the top layer `admin` may use `public` (the desk's preview
# renders an article as readers see it), the template tags are the public pages' own, an export writes
# the keys its importer reads back, a webhook carries the API's article shape; the commands, on top of
# everything, may use any of them.
LAYERS = {
    "models": 0,
    "core": 1,
    "editing": 2,
    "desk": 3,
    "public": 4,
    "admin": 4,
    "api": 4,
    "webhooks": 4,
    "importers": 4,
    "exporters": 4,
    "templatetags": 4,
    "management": 5,
}
SIDEWAYS = {
    ("admin", "public"),
    ("templatetags", "public"),
    ("exporters", "importers"),
    ("api", "exporters"),
    ("webhooks", "api"),  # a webhook's body is the API's article shape
    ("admin", "webhooks"),  # the desk's webhook screens pause, resume and send again
}
MAX_LINES = 450
MAX_ROOT_MODULES = 12


def _modules():
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


MODULES = _modules()


def _own(name):
    """The project module an import names (a name imported from a module resolves to the module)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module):
    """(imported module, line) for every import statement in `module`, at any depth."""
    path, is_package = MODULES[module]
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            names = [f"{source}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = _own(name)
            if target and target != module:
                yield target, node.lineno


GRAPH = {module: sorted(set(_imports(module))) for module in MODULES}


def _circles(graph):
    """Strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target, _line in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in graph:
        if module not in index:
            visit(module)
    return groups


def _room(module):
    """The sub-package of articles a module lives in; None for the app's root modules."""
    parts = module.split(".")
    if parts[0] != "articles" or len(parts) < 2 or parts[1] not in LAYERS:
        return None
    return parts[1]


def test_the_graph_sees_function_level_imports():
    # articles/apps.py imports its receivers inside ready(): the walk must find them, or it proves nothing.
    assert "articles.core.pagecache" in {target for target, _ in GRAPH["articles.apps"]}


def _climbs(graph):
    climbs = []
    for module, imports in graph.items():
        room = _room(module)
        if room is None:
            continue
        for target, line in imports:
            if not target.startswith("articles"):
                continue
            other = _room(target)
            where = f"{module}:{line} imports {target}"
            if other is None:
                climbs.append(f"{where} (the app's root modules are wiring; nothing below imports them)")
            elif other != room and LAYERS[other] >= LAYERS[room] and (room, other) not in SIDEWAYS:
                climbs.append(where)
    return climbs


def test_every_room_of_the_app_has_a_layer():
    # A new sub-package outside LAYERS would escape every check below.
    rooms = {path.name for path in (ROOT / "articles").iterdir() if (path / "__init__.py").exists()}
    assert rooms - {"migrations"} == set(LAYERS)


def test_no_import_circle():
    assert _circles(GRAPH) == []


def test_no_import_climbs_a_layer():
    assert _climbs(GRAPH) == []


def test_the_checks_catch_a_climb_and_a_circle():
    # What the tree once had: the retry helper's module queued work from the desk, the desk saved through it.
    graph = {
        "articles.core.background": [("articles.desk.workflow", 9)],
        "articles.desk.workflow": [("articles.core.background", 21), ("articles.tasks", 30)],
        "articles.tasks": [],
    }
    assert _climbs(graph) == [
        "articles.core.background:9 imports articles.desk.workflow",
        "articles.desk.workflow:30 imports articles.tasks (the app's root modules are wiring; nothing below "
        "imports them)",
    ]
    assert _circles(graph) == [["articles.core.background", "articles.desk.workflow"]]


def test_public_never_imports_the_desk_screens():
    for module, imports in GRAPH.items():
        if _room(module) in ("public", "exporters", "importers", "core", "editing", "desk", "models"):
            assert not [t for t, _ in imports if _room(t) == "admin"], module


def test_the_task_catalogue_is_imported_by_nothing_and_keeps_old_paths_working():
    importers = [module for module, imports in GRAPH.items() if "articles.tasks" in {t for t, _ in imports}]
    assert importers == []
    catalogue = importlib.import_module("articles.tasks")
    names = [name for name in vars(catalogue) if isinstance(getattr(catalogue, name), Task)]
    assert sorted(names) == [
        "announce_live",
        "delete_files",
        "make_live_renditions",
        "make_renditions",
        "refresh_articles",
        "send_comment_emails",
        "send_transition_emails",
    ]
    for name in names:
        # A row queued before the move names the old path; the worker imports it and finds the task.
        task = import_string(f"articles.tasks.{name}")
        assert task is import_string(task.module_path)
        assert not task.module_path.startswith("articles.tasks.")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_too_long_to_read(module):
    lines = len(MODULES[module][0].read_text().splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines"


def test_the_app_root_stays_small():
    root = [path.name for path in (ROOT / "articles").glob("*.py")]
    assert len(root) <= MAX_ROOT_MODULES, root
