"""The layers import one way: ingest ← kg base ← kg.graph ← kg.index ← kg.answer ← kg.serve / kg.evaluate / CLI
/ app. A module may import its own layer and those below it, never one above."""
import ast
from pathlib import Path

from tests.conftest import PROJECT_ROOT

# Lowest first. The base holds what every layer shares: errors, settings, citations, the index's records.
LAYERS = (
    ("ingest",),
    ("kg.errors", "kg.settings", "kg.citations", "kg.records", "kg"),
    ("kg.graph",),
    ("kg.index",),
    ("kg.answer",),
    ("kg.serve", "kg.evaluate", "kg.cli", "app", "app_pages", "benchmarks"),
)


def layer_of(module: str) -> int | None:
    best = None
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and prefix != "kg":
                best = level
            elif module == "kg" and prefix == "kg":
                best = level
    return best


def imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return [name for name in found if name.split(".")[0] in ("kg", "ingest")]


def project_modules():
    for folder in ("ingest", "kg", "app_pages", "benchmarks"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            yield ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__"), path
    yield "app", PROJECT_ROOT / "app.py"


def test_every_module_has_a_layer():
    unplaced = [module for module, _ in project_modules() if layer_of(module) is None]
    assert unplaced == []


def test_no_module_imports_a_layer_above_its_own():
    upward = []
    for module, path in project_modules():
        mine = layer_of(module)
        for name in imports(path):
            other = layer_of(name)
            if other is None or other > mine:
                upward.append(f"{module} -> {name}")
    assert upward == []


def test_the_check_sees_an_upward_import():
    assert layer_of("kg.graph.store") < layer_of("kg.answer.pipeline") < layer_of("kg.serve.engine")
    assert layer_of("ingest.extract.report") < layer_of("kg.citations") < layer_of("kg.graph.facts")


def test_the_app_the_cli_and_the_benchmarks_use_only_the_packages_public_api():
    packages = ("kg.graph", "kg.index", "kg.answer", "kg.serve", "kg.evaluate")
    reaching_in = []
    for module, path in project_modules():
        if not (module in ("app", "kg.cli") or module.startswith(("app_pages", "benchmarks"))):
            continue
        for name in imports(path):
            if name.startswith(tuple(p + "." for p in packages)):
                reaching_in.append(f"{module} -> {name}")
    assert reaching_in == []


def test_a_package_names_its_public_api_and_loads_a_module_only_when_used():
    import importlib
    import subprocess
    import sys

    serve = importlib.import_module("kg.serve")
    assert "Engine" in serve.__all__ and serve.Engine.__module__ == "kg.serve.engine"
    index = importlib.import_module("kg.index")
    assert index.MODES == ("hybrid", "bm25", "dense")
    # Importing one module of a package does not load the others (a reader worker imports only reading).
    loaded = subprocess.run([sys.executable, "-c", "import sys, kg.index.keyword; print('kg.index.build' in sys.modules)"],
                            capture_output=True, text=True, check=True, cwd=PROJECT_ROOT).stdout.strip()
    assert loaded == "False"


MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_no_module_over_400_lines_and_no_function_over_60():
    too_long = []
    for module, path in project_modules():
        source = path.read_text(encoding="utf-8")
        if source.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{module}: {source.count(chr(10))} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{module}.{node.name}: {length} lines")
    assert too_long == []
