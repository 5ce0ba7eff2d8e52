#!/usr/bin/env python3
"""Generates the catalogue of every Google API's Operations mixin from Google's Discovery documents.

Usage: python3 scripts/gen_catalogue.py [--wheel PATH] [--out-dir DIR]

Source: the PyPI wheel of google-api-python-client==2.202.0, which ships the Discovery documents
as googleapiclient/discovery_cache/documents/*.json. The wheel is fetched once with
`pip download --no-deps --only-binary=:all:` into .cache/discovery/ (gitignored), its sha256 is
checked, and the documents are read straight out of the zip. No other network access.

For every resource named "operations" (at any depth) the `cancel`, `get` and `list` methods are
classified. A method is kept when it is name-based (`{prefix}{+name}:cancel`, `{prefix}{+name}`,
`{prefix}{+name}/operations` or `{prefix}{+name}`), uses the expected HTTP method, its URL
prefix (servicePath + path prefix) is exactly `{document version}/`, and its `name` pattern
converts cleanly to an http.proto template. Everything else is counted with its reason in the
report.

Outputs (byte-identical for the same wheel):
  data/catalogue.tsv         one row per api.version with a kept cancel method; the 7 columns of
                             data/services.tsv (src/catalogue.rs refuses any other column count)
  data/catalogue-list.tsv    per id: the get templates and the list path templates
  data/catalogue-report.txt  the counts, and every left-out method with its reason

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import urllib.parse
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "google-api-python-client"
PINNED = "2.202.0"
WHEEL = "google_api_python_client-2.202.0-py3-none-any.whl"
WHEEL_SHA256 = "aaa90064c9bb642ff1d065b22ca8958a2cb6e345909cefe70d0e5452fc50e08b"
DOCS_PREFIX = "googleapiclient/discovery_cache/documents/"
COMMAND = "python3 scripts/gen_catalogue.py"
AUTH_PREFIX = "https://www.googleapis.com/auth/"

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("cancel", "get", "list")
EXPECTED_HTTP = {"cancel": "POST", "get": "GET", "list": "GET"}

# Reasons a method is left out (the report groups by these, in this order).
R_HTTP = "unexpected HTTP method"
R_NOT_NAME = "not name-based (path binds other variables than {+name})"
R_NO_VAR = "not name-based (path has no variable: lists every operation of the API)"
R_PREFIX = "URL prefix is not /{document version}/"
R_NO_PATTERN = "name parameter has no pattern"
R_PATTERN = "name pattern does not convert to an http.proto template"
R_NO_OPS = "template has no \"operations\" segment"
R_ROOT = "rootUrl is not https://{host}/"
R_ID = "api.version is not a valid catalogue id"
REASONS = (R_HTTP, R_NOT_NAME, R_NO_VAR, R_PREFIX, R_NO_PATTERN, R_PATTERN, R_NO_OPS, R_ROOT, R_ID)

_LITERAL = re.compile(r"(?:[A-Za-z0-9_~-]|\\[.~_-])+")
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]+")
_ID = re.compile(r"[a-z0-9_.-]+")
_VERSION_SEG = re.compile(r"[A-Za-z0-9._-]+")
_HOST = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")
_VAR = re.compile(r"\{([^{}]*)\}")


# ---------------------------------------------------------------------------------------------
# Pure conversions (unit-tested in tests/gen_catalogue_test.py)


def pattern_to_template(pattern: str) -> tuple[str | None, str | None]:
    """Converts a Discovery `name` pattern to an http.proto `Segments` template.

    `^projects/[^/]+/operations/[^/]+$` -> `projects/*/operations/*`; a trailing `.*` or `.+`
    segment -> `**`; literal segments are kept (`\\.` unescaped to `.`). Returns
    `(template, None)`, or `(None, why)` for anything else (other regex syntax, partial-segment
    wildcards, `**` not last, empty, `.`/`..` segments).
    """
    if not pattern:
        return None, "empty pattern"
    p = pattern
    if p.startswith("^"):
        p = p[1:]
    else:
        return None, "not anchored with ^"
    if p.endswith("$") and not p.endswith("\\$"):
        p = p[:-1]
    else:
        return None, "not anchored with $"
    if not p:
        return None, "empty pattern"
    # `[^/]+` holds a "/", so it is swapped for a NUL before splitting into segments.
    if "\0" in p:
        return None, "has a NUL"
    parts = p.replace("[^/]+", "\0").split("/")
    out = []
    for i, seg in enumerate(parts):
        last = i == len(parts) - 1
        if seg == "\0":
            out.append("*")
        elif seg in (".*", ".+"):
            if not last:
                return None, f"{seg!r} is not the last segment"
            out.append("**")
        elif _LITERAL.fullmatch(seg):
            lit = seg.replace("\\", "")
            if lit in (".", ".."):
                return None, f"segment {lit!r} would be resolved away"
            out.append(lit)
        elif seg == "":
            return None, "empty segment"
        else:
            return None, f"segment {seg.replace(chr(0), '[^/]+')!r} is regex syntax"
    return "/".join(out), None


def valid_name_template(t: str) -> bool:
    """What src/template.rs NamePattern::parse accepts: `*`, `**` (last only) and unreserved literals."""
    if not t or t.startswith("/"):
        return False
    segs = t.split("/")
    for i, s in enumerate(segs):
        if s == "**":
            if i != len(segs) - 1:
                return False
        elif s == "*":
            continue
        elif not _UNRESERVED.fullmatch(s) or s in (".", ".."):
            return False
    return True


def valid_version(v: str) -> bool:
    """What src/catalogue.rs check_version accepts."""
    return bool(v) and all(_VERSION_SEG.fullmatch(s) and s not in (".", "..") for s in v.split("/"))


def short_scope(scope: str) -> str:
    return scope[len(AUTH_PREFIX):] if scope.startswith(AUTH_PREFIX) and len(scope) > len(AUTH_PREFIX) else scope


def host_of(root_url: str | None) -> str | None:
    """`https://x.googleapis.com/` -> `x.googleapis.com`; None unless exactly `https://{host}/`."""
    if not root_url:
        return None
    u = urllib.parse.urlsplit(root_url)
    if u.scheme != "https" or u.path not in ("/", "") or u.query or u.fragment or u.username or u.port:
        return None
    host = (u.hostname or "").lower()
    return host if _HOST.fullmatch(host) else None


@dataclass
class Method:
    """One cancel/get/list method of an operations resource, classified."""

    api: str
    version: str
    kind: str
    resource: str  # dotted trail of resource names, e.g. projects.locations.operations
    http: str
    path: str  # servicePath + path, as the URL after the host
    pattern: str | None
    scopes: tuple[str, ...]
    prefix: str | None = None  # the URL path before {+name}, without the trailing "/"
    template: str | None = None  # the name template (cancel/get) or list path template
    reason: str | None = None
    detail: str = ""

    @property
    def id(self) -> str:
        return f"{self.api}.{self.version}"


def classify(kind: str, method: dict, doc: dict, resource: str) -> Method:
    """Classifies one operations method: sets `reason`/`detail` when it is left out, else
    `prefix` and `template`. For `list`, `template` is the http.proto path after the version:
    `{name=<parent>}/operations` or `{name=<collection>}`."""
    service_path = doc.get("servicePath") or ""
    path = service_path + (method.get("path") or method.get("flatPath") or "")
    params = method.get("parameters") or {}
    name_param = params.get("name") or {}
    m = Method(
        api=doc.get("name", ""),
        version=doc.get("version", ""),
        kind=kind,
        resource=resource,
        http=method.get("httpMethod", ""),
        path=path,
        pattern=name_param.get("pattern"),
        scopes=tuple(method.get("scopes") or ()),
    )

    def out(reason: str, detail: str) -> Method:
        m.reason, m.detail = reason, detail
        return m

    if m.http != EXPECTED_HTTP[kind]:
        return out(R_HTTP, f"{m.http} {path} (expected {EXPECTED_HTTP[kind]})")
    if "{+name}" not in path:
        variables = _VAR.findall(path)
        if not variables:
            return out(R_NO_VAR, f"{m.http} {path}")
        return out(R_NOT_NAME, f"{m.http} {path}")
    prefix, _, suffix = path.partition("{+name}")
    list_collection = False
    if kind == "cancel":
        ok = suffix == ":cancel"
    elif kind == "get":
        ok = suffix == ""
    else:
        ok = suffix in ("/operations", "")
        list_collection = suffix == ""
    if not ok or "{" in prefix or "{" in suffix:
        return out(R_NOT_NAME, f"{m.http} {path}")
    m.prefix = prefix[:-1] if prefix.endswith("/") else prefix
    if m.pattern is None:
        return out(R_NO_PATTERN, f"{m.http} {path}")
    template, why = pattern_to_template(m.pattern)
    if template is None or not valid_name_template(template):
        return out(R_PATTERN, f"{m.pattern} ({why or 'not a valid name template'})")
    segs = template.split("/")
    m.template = "{name=" + template + "}" + suffix if kind == "list" else template
    # The template is set first so the report can show what a row with a longer version would be.
    if host_of(doc.get("rootUrl")) is None:
        return out(R_ROOT, f"rootUrl {doc.get('rootUrl')!r}")
    if m.prefix != m.version or not prefix.endswith("/"):
        return out(R_PREFIX, f"{m.http} {doc.get('rootUrl')}{path} (prefix {m.prefix!r}, document version {m.version!r})")
    if kind == "list":
        # `{name=<parent>}/operations` always names operations; `{name=...}` must end in them.
        no_ops = list_collection and segs[-1] != "operations"
    else:
        no_ops = "operations" not in segs
    if no_ops:
        return out(R_NO_OPS, f"{m.http} {path} name={template}")
    if not _ID.fullmatch(m.id) or not valid_version(m.version):
        return out(R_ID, m.id)
    return m


def operations_resources(resources: dict | None, trail: tuple[str, ...] = ()):
    """Yields (trail, resource) for every resource named `operations`, depth first, in document order."""
    for name, res in (resources or {}).items():
        here = trail + (name,)
        if name == "operations":
            yield here, res
        yield from operations_resources(res.get("resources"), here)


def methods_of(doc: dict) -> list[Method]:
    """Every cancel/get/list method of every operations resource of a Discovery document."""
    found = []
    for trail, res in operations_resources(doc.get("resources")):
        methods = res.get("methods") or {}
        for kind in KINDS:
            if kind in methods:
                found.append(classify(kind, methods[kind], doc, ".".join(trail)))
    return found


# ---------------------------------------------------------------------------------------------
# Building the outputs


@dataclass
class Row:
    id: str
    host: str
    version: str
    title: str
    templates: list[str] = field(default_factory=list)
    scopes: list[str] = field(default_factory=list)
    get: list[str] = field(default_factory=list)
    list: list[str] = field(default_factory=list)

    def tsv(self) -> str:
        scopes = ",".join(short_scope(s) for s in self.scopes)
        return "\t".join([self.id, self.host, self.version, ",".join(self.templates), scopes, "-", self.title])


def clean_title(t: str | None) -> str:
    t = " ".join((t or "").split())
    return t or "-"


@dataclass
class Result:
    documents: int
    docs_with_ops: int
    collections: int
    methods: list[Method]
    rows: list[Row]
    no_cancel: list[str]  # api.versions with operations but no kept cancel method
    skipped_files: list[str]


def build(docs: list[tuple[str, dict]]) -> Result:
    """docs: (file name, parsed JSON) sorted by file name; non-Discovery files are skipped."""
    methods: list[Method] = []
    per_id: dict[str, dict] = {}
    documents = docs_with_ops = collections = 0
    skipped = []
    api_versions_with_ops = set()
    for fname, doc in docs:
        if doc.get("kind") != "discovery#restDescription":
            skipped.append(fname)
            continue
        documents += 1
        trails = list(operations_resources(doc.get("resources")))
        if trails:
            docs_with_ops += 1
            collections += len(trails)
            api_versions_with_ops.add(f"{doc.get('name')}.{doc.get('version')}")
        ms = methods_of(doc)
        methods.extend(ms)
        for m in ms:
            if m.reason is None:
                per_id.setdefault(m.id, {"doc": doc, "methods": []})["methods"].append(m)
    rows = []
    for id_ in sorted(per_id):
        doc = per_id[id_]["doc"]
        ms = per_id[id_]["methods"]
        cancels = [m for m in ms if m.kind == "cancel"]
        if not cancels:
            continue
        row = Row(id=id_, host=host_of(doc.get("rootUrl")) or "", version=doc["version"], title=clean_title(doc.get("title")))
        row.templates = sorted({m.template for m in cancels})
        for m in cancels:
            for s in m.scopes:
                if s not in row.scopes:
                    row.scopes.append(s)
        row.get = sorted({m.template for m in ms if m.kind == "get"})
        row.list = sorted({m.template for m in ms if m.kind == "list"})
        rows.append(row)
    ids = [r.id for r in rows]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate ids: " + ", ".join(sorted(i for i, c in Counter(ids).items() if c > 1)))
    no_cancel = sorted(api_versions_with_ops - set(ids))
    return Result(documents, docs_with_ops, collections, methods, rows, no_cancel, skipped)


def header(lines: list[str]) -> str:
    return "".join(f"# {line}\n" if line else "#\n" for line in lines)


PROVENANCE = [
    f"GENERATED by `{COMMAND}` -- do not edit by hand; rerun the command instead.",
    f"Source: the Discovery documents in the PyPI wheel {PACKAGE}=={PINNED}",
    f"({WHEEL}, sha256 {WHEEL_SHA256}), {DOCS_PREFIX}*.json.",
]


def render_catalogue(res: Result) -> str:
    h = header(
        PROVENANCE
        + [
            "Every Google API version whose Discovery document has a name-based Operations mixin cancel:",
            "POST https://{host}/{version}/{name}:cancel. Same columns as data/services.tsv (src/catalogue.rs):",
            "tab-separated; templates and scopes comma-separated; a scope without \"https://\" means",
            "https://www.googleapis.com/auth/<scope>; permission \"-\" (Discovery documents do not give one).",
            "Templates are the cancel methods' name patterns as http.proto (AIP-127) segments; id is api.version.",
            "Rows sorted by id. The get and list templates are in data/catalogue-list.tsv; what was left out",
            "and why is in data/catalogue-report.txt.",
        ]
    )
    body = "".join(r.tsv() + "\n" for r in res.rows)
    return h + "id\thost\tversion\ttemplates\tscopes\tpermission\ttitle\n" + body


def render_list(res: Result) -> str:
    h = header(
        PROVENANCE
        + [
            "Per catalogue id (data/catalogue.tsv): the GetOperation and ListOperations surfaces, kept apart",
            "because src/catalogue.rs refuses rows with more than its 7 columns.",
            "get: name templates, GET https://{host}/{version}/{name}. list: http.proto path templates after",
            "/{version}/, GET https://{host}/{version}/<list>: \"{name=projects/*/locations/*}/operations\" binds the",
            "parent (the usual form); \"{name=operations}\" binds the collection itself. \"-\" means none kept.",
            "Comma-separated, sorted; rows sorted by id.",
        ]
    )
    body = "".join(f"{r.id}\t{','.join(r.get) or '-'}\t{','.join(r.list) or '-'}\n" for r in res.rows)
    return h + "id\tget\tlist\n" + body


def render_report(res: Result) -> str:
    ms = res.methods
    seen = Counter(m.kind for m in ms)
    kept = Counter(m.kind for m in ms if m.reason is None)
    left = [m for m in ms if m.reason is not None]
    out = [f"lro-cancel catalogue report, generated by `{COMMAND}`.", *PROVENANCE[1:], ""]
    counts = lambda c: ", ".join(f"{k} {c.get(k, 0)}" for k in KINDS)  # noqa: E731
    out.append(f"documents read: {res.documents} (skipped, not Discovery documents: {', '.join(res.skipped_files) or 'none'})")
    out.append(f"documents with an operations collection: {res.docs_with_ops}")
    out.append(f"operations collections (resources named \"operations\", any depth): {res.collections}")
    out.append(f"methods seen: {sum(seen.values())} ({counts(seen)})")
    out.append(f"methods kept: {sum(kept.values())} ({counts(kept)})")
    out.append(f"methods left out: {len(left)} ({counts(Counter(m.kind for m in left))})")
    for reason in REASONS:
        group = [m for m in left if m.reason == reason]
        if not group:
            continue
        apis = sorted({m.id for m in group})
        out.append(f"  {reason}: {len(group)} ({counts(Counter(m.kind for m in group))}) in {len(apis)} api versions")
        out.append(f"    apis: {', '.join(apis)}")
    hosts = sorted({r.host for r in res.rows})
    templates = [t for r in res.rows for t in r.templates]
    out.append("")
    out.append(f"rows written (api versions with a kept cancel method): {len(res.rows)}")
    out.append(f"distinct hosts: {len(hosts)}")
    out.append(f"distinct APIs: {len({r.id.rsplit('.', 1)[0] for r in res.rows})}")
    out.append(f"cancel templates: {len(templates)} in all, {len(set(templates))} distinct")
    out.append(f"rows with one template: {sum(1 for r in res.rows if len(r.templates) == 1)}; most templates: "
               + ", ".join(f"{r.id} {len(r.templates)}" for r in sorted(res.rows, key=lambda r: (-len(r.templates), r.id))[:5]))
    multi = sorted(t for t in set(templates) if t.endswith("**"))
    out.append(f"templates ending in \"**\": {len(multi)}: {', '.join(multi)}")
    wild = sorted(t for t in set(templates) if t.split("/", 1)[0] == "*")
    out.append(f"templates with a wildcard first segment: {len(wild)}: {', '.join(wild) or 'none'}")
    scope_sets = Counter(",".join(short_scope(s) for s in r.scopes) for r in res.rows)
    out.append("cancel scopes: " + "; ".join(f"{k or '(none)'} x{v}" for k, v in sorted(scope_sets.items(), key=lambda kv: (-kv[1], kv[0]))))
    no_get = [r.id for r in res.rows if not r.get]
    no_list = [r.id for r in res.rows if not r.list]
    out.append(f"rows without a kept get: {len(no_get)}{': ' + ', '.join(no_get) if no_get else ''}")
    out.append(f"rows without a kept list: {len(no_list)}{': ' + ', '.join(no_list) if no_list else ''}")
    with_cancel = {m.id for m in ms if m.kind == "cancel"}
    cancel_left_out = [i for i in res.no_cancel if i in with_cancel]
    no_cancel_at_all = [i for i in res.no_cancel if i not in with_cancel]
    out.append(f"api versions with operations but no kept cancel method: {len(res.no_cancel)}")
    out.append(f"  every cancel method left out (see the reasons): {len(cancel_left_out)}: {', '.join(cancel_left_out)}")
    out.append(f"  no cancel method at all (get/list only): {len(no_cancel_at_all)}: {', '.join(no_cancel_at_all)}")

    prefix = [m for m in left if m.reason == R_PREFIX]
    out.append("")
    out.append("URL layouts other than https://{host}/{document version}/{name} (left out for now; each would fit")
    out.append("the catalogue as a multi-segment version, e.g. \"dns/v1\", if src/catalogue.rs keeps allowing it):")
    layouts = defaultdict(set)
    for m in prefix:
        if m.kind == "cancel":
            layouts[(m.id, m.prefix)].add(m.template)
    for (id_, pre), ts in sorted(layouts.items()):
        out.append(f"  {id_}: version {pre!r}, templates {','.join(sorted(ts))}")
    nocancel_prefix = sorted({(m.id, m.prefix) for m in prefix} - set(layouts))
    for id_, pre in nocancel_prefix:
        out.append(f"  {id_}: prefix {pre!r} on get/list only")

    out.append("")
    out.append("Every left-out method (api.version kind resource: detail), by reason:")
    for reason in REASONS:
        group = sorted((m for m in left if m.reason == reason), key=lambda m: (m.id, m.resource, KINDS.index(m.kind)))
        if not group:
            continue
        out.append(f"[{reason}]")
        for m in group:
            out.append(f"  {m.id} {m.kind} {m.resource}: {m.detail}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# I/O


def ensure_wheel(cache: Path) -> Path:
    wheel = cache / WHEEL
    if not wheel.exists():
        cache.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--quiet",
               "-d", str(cache), f"{PACKAGE}=={PINNED}"]
        print("+ " + " ".join(cmd), file=sys.stderr)
        subprocess.run(cmd, check=True)
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {digest}, expected {WHEEL_SHA256}; delete it and rerun")
    return wheel


def read_documents(wheel: Path) -> list[tuple[str, dict]]:
    with zipfile.ZipFile(wheel) as z:
        names = sorted(n for n in z.namelist() if n.startswith(DOCS_PREFIX) and n.endswith(".json"))
        return [(n[len(DOCS_PREFIX):], json.loads(z.read(n))) for n in names]


def generate(wheel: Path) -> dict[str, str]:
    """The output files' contents, keyed by path relative to the repository root."""
    res = build(read_documents(wheel))
    return {
        "data/catalogue.tsv": render_catalogue(res),
        "data/catalogue-list.tsv": render_list(res),
        "data/catalogue-report.txt": render_report(res),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", type=Path, help="use this wheel instead of .cache/discovery/" + WHEEL)
    ap.add_argument("--out-dir", type=Path, default=ROOT, help="repository root to write data/ under")
    args = ap.parse_args(argv)
    wheel = args.wheel or ensure_wheel(ROOT / ".cache" / "discovery")
    files = generate(wheel)
    for rel, text in files.items():
        p = args.out_dir / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode("utf-8"))
        print(f"wrote {rel} ({len(text.encode('utf-8'))} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
