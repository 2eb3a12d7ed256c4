"""korus's layers: which module belongs to which, the import graph as the code has it, and the
rules the graph must keep. tests/unit/test_layers.py checks the rules; the explanation page
"Layers" draws the graph with the ``korus-layers`` directive, from the installed code, so the
page cannot go stale.

Data flow one way: text and files -> types -> calculations -> figures and verdicts ->
rendering and the command. Imports run the other way: a module imports only from its own layer
and those below, never from a layer above, and never in a cycle.
"""

from __future__ import annotations

import ast
import pathlib
from collections import defaultdict

#: Each layer, bottom first: its name, what it holds, and the modules (or packages) in it.
LAYERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "foundation",
        "errors, validators, enumerations, the arithmetic of each measure, how a namespace "
        "publishes its names, the name korus is installed by, and the tables it ships",
        (
            "korus._errors",
            "korus._validate",
            "korus._enum",
            "korus._public",
            "korus._rules",
            "korus._install",
            "korus._tables",
        ),
    ),
    (
        "text and units",
        "korus's pint registry, and the one reader of printed numbers",
        ("korus._units", "korus._printed"),
    ),
    (
        "types",
        "economies, periods, products, amounts, bases of measurement, flows and balances, "
        "exchange rates and valuation adjustments",
        (
            "korus._economy",
            "korus._period",
            "korus._product",
            "korus._money",
            "korus._basis",
            "korus._model",
            "korus._exchange",
            "korus._adjustment",
        ),
    ),
    ("calculations", "balances, totals, shares, changes, ranks", ("korus._calc",)),
    (
        "figures and verdicts",
        "printed figures, their ranges, verdicts; the bounds of indices",
        ("korus._figures", "korus._bounds"),
    ),
    ("the core's namespace", "import korus", ("korus",)),
    (
        "domains",
        "files into types; agreements; published figures and claims",
        ("korus.readers", "korus.agreements", "korus.claims"),
    ),
    (
        "analysis",
        "the mirror decomposition and trade indices, over flows and the readers' records",
        ("korus.analysis",),
    ),
    ("sources", "the sources' APIs, cached; their answers read by the readers", ("korus.fetch",)),
    ("tables", "the calculations over tables, on three engines", ("korus.columnar",)),
    (
        "rendering, the command and testing",
        "the korus command; strategies and files for tests",
        ("korus._cli", "korus.__main__", "korus.testing"),
    ),
)

#: The packages whose private modules are theirs alone, with what belongs to each. The core
#: (korus's own private modules) is the base every domain builds on, and may be imported by all.
DOMAINS: dict[str, tuple[str, ...]] = {
    "korus.readers": ("korus.readers",),
    "korus.agreements": ("korus.agreements",),
    "korus.claims": ("korus.claims",),
    "korus.analysis": ("korus.analysis",),
    "korus.columnar": ("korus.columnar",),
    "korus.fetch": ("korus.fetch",),
    "korus._cli": ("korus._cli", "korus.__main__"),
    "korus.testing": ("korus.testing",),
}


#: Private modules one package lends to a module of another, named here so that the exception
#: is seen and kept narrow: korus.columnar makes a table of the columns the Comtrade reader's
#: fast path reads, and of the flows the Census reader judges a column at a time, which are the
#: readers' own (their row rules, applied to whole columns) and give no records, so they have
#: no public name of their own.
LENT: dict[str, tuple[str, ...]] = {
    "korus.columnar._comtrade": ("korus.readers._comtrade_arrow",),
    "korus.columnar._census": ("korus.readers._census",),
}


def _module_name(root: pathlib.Path, path: pathlib.Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: pathlib.Path) -> dict[str, pathlib.Path]:
    """Every module of the package at ``root`` (korus's folder), by dotted name."""
    return {
        _module_name(root, path): path
        for path in sorted(root.rglob("*.py"))
        if "data" not in path.relative_to(root).parts
    }


def imports(root: pathlib.Path) -> dict[str, list[tuple[str, str, int]]]:
    """For each module, what it imports of korus: (module, name or "", line), at any depth of
    the code (an import inside a function is an import too)."""
    found: dict[str, list[tuple[str, str, int]]] = {}
    known = modules(root)
    for name, path in known.items():
        edges: list[tuple[str, str, int]] = []
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges += [
                    (a.name, "", node.lineno) for a in node.names if a.name.startswith("korus")
                ]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                if not base.startswith("korus"):
                    continue
                for alias in node.names:
                    # "from korus.columnar import _table" imports a module, not a name.
                    target = f"{base}.{alias.name}"
                    if target in known:
                        edges.append((target, "", node.lineno))
                    else:
                        edges.append((base, alias.name, node.lineno))
        found[name] = edges
    return found


def layer_of(module: str) -> int:
    """The index in LAYERS of the layer a module belongs to (by the longest prefix)."""
    best, index = "", -1
    for position, (_, _, members) in enumerate(LAYERS):
        for member in members:
            if (module == member or module.startswith(member + ".")) and len(member) > len(best):
                best, index = member, position
    if index < 0:
        raise LookupError(f"{module} is in no layer of docs/_ext/korus_layers.py")
    return index


def domain_of(module: str) -> str:
    """The package a module belongs to: a domain's, or "korus" for the core."""
    for domain, members in DOMAINS.items():
        if any(module == m or module.startswith(m + ".") for m in members):
            return domain
    return "korus"


def _is_private(module: str) -> bool:
    return any(part.startswith("_") and part != "__main__" for part in module.split("."))


def violations(root: pathlib.Path) -> list[str]:
    """Every import that breaks a rule, in words; empty when the graph keeps them all."""
    found: list[str] = []
    graph = imports(root)
    for source, edges in graph.items():
        for target, name, line in edges:
            where = f"{source} (line {line}) imports {target}{'.' + name if name else ''}"
            if layer_of(target) > layer_of(source):
                found.append(f"{where}: a layer above its own")
            if layer_of(target) == layer_of(source) and domain_of(target) != domain_of(source):
                found.append(f"{where}: another domain of its own layer")
            foreign = domain_of(target) not in (domain_of(source), "korus")
            lent = target in LENT.get(source, ())
            if foreign and _is_private(target) and not lent:
                found.append(f"{where}: another package's private module")
            if name.startswith("_") and domain_of(target) != domain_of(source) and not lent:
                found.append(f"{where}: a private name of another package")
            if name.startswith("_") and target != source and domain_of(source) == "korus":
                found.append(f"{where}: a private name of another module")
    for cycle in cycles(graph):
        found.append("an import cycle: " + " -> ".join(cycle))
    return found


def cycles(graph: dict[str, list[tuple[str, str, int]]]) -> list[list[str]]:
    """The import cycles among modules (each once, from its smallest module)."""
    edges = {
        source: sorted({t for t, _, _ in targets if t in graph and t != source})
        for source, targets in graph.items()
    }
    found: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()

    def visit(path: list[str]) -> None:
        for following in edges.get(path[-1], []):
            if following == path[0]:
                cycle = path[path.index(min(path)) :] + path[: path.index(min(path))]
                if tuple(cycle) not in seen:
                    seen.add(tuple(cycle))
                    found.append([*cycle, cycle[0]])
            elif following not in path and following > path[0]:
                visit([*path, following])

    for start in sorted(edges):
        visit([start])
    return found


def drawing(root: pathlib.Path) -> str:
    """The layers, top first, each with its modules and the layers below that they import."""
    graph = imports(root)
    below: dict[int, set[int]] = defaultdict(set)
    members: dict[int, list[str]] = defaultdict(list)
    for source, edges in graph.items():
        members[layer_of(source)].append(source)
        for target, _, _ in edges:
            if layer_of(target) != layer_of(source):
                below[layer_of(source)].add(layer_of(target))
    lines: list[str] = []
    for index in range(len(LAYERS) - 1, -1, -1):
        title, holds, _ = LAYERS[index]
        lines.append(f"[{index}] {title}: {holds}")
        for module in sorted(members[index]):
            lines.append(f"      {module}")
        uses = ", ".join(f"[{i}]" for i in sorted(below[index], reverse=True))
        lines.append(f"      imports from {uses}" if uses else "      imports nothing of korus")
        if index:
            lines.append("        |")
            lines.append("        v")
    return "\n".join(lines)


def setup(app: object) -> dict[str, object]:
    """The ``korus-layers`` directive: the drawing of the installed korus, as a literal block."""
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    import korus

    class Layers(SphinxDirective):
        def run(self) -> list[nodes.Node]:
            text = drawing(pathlib.Path(korus.__file__).parent)
            block = nodes.literal_block(text, text)
            block["language"] = "text"
            return [block]

    app.add_directive("korus-layers", Layers)  # type: ignore[attr-defined]
    return {"parallel_read_safe": True}
