#!/usr/bin/env python3
"""Tests for scripts/gen_catalogue.py: python3 tests/gen_catalogue_test.py (stdlib unittest only).

The converter is tested on inline fixtures. The generated files' invariants are checked when
data/catalogue.tsv exists; when the pinned wheel is in .cache/discovery/ the files are also
regenerated in memory and compared byte for byte (stale or non-deterministic output fails).
No network.
"""

from __future__ import annotations

import copy
import importlib.util
import re
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("gen_catalogue", ROOT / "scripts" / "gen_catalogue.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules["gen_catalogue"] = gen
_spec.loader.exec_module(gen)

CATALOGUE = ROOT / "data" / "catalogue.tsv"
LIST = ROOT / "data" / "catalogue-list.tsv"
REPORT = ROOT / "data" / "catalogue-report.txt"
SEEDS = ROOT / "data" / "services.tsv"
WHEEL = ROOT / ".cache" / "discovery" / gen.WHEEL

# Seed services with no Discovery document in the pinned wheel (so no generated row).
ABSENT_FROM_WHEEL = {"cloudaicompanion"}


def op_methods(prefix: str, name: str, parent: str, scopes=("https://www.googleapis.com/auth/cloud-platform",)):
    """A name-based Operations mixin (cancel/get/list) as Discovery documents describe it."""
    scopes = list(scopes)
    return {
        "cancel": {"httpMethod": "POST", "path": prefix + "{+name}:cancel",
                   "parameters": {"name": {"location": "path", "pattern": name}}, "scopes": scopes},
        "get": {"httpMethod": "GET", "path": prefix + "{+name}",
                "parameters": {"name": {"location": "path", "pattern": name}}, "scopes": scopes},
        "list": {"httpMethod": "GET", "path": prefix + "{+name}/operations",
                 "parameters": {"name": {"location": "path", "pattern": parent}}, "scopes": scopes},
    }


def mini_doc(**over):
    doc = {
        "kind": "discovery#restDescription",
        "name": "example",
        "version": "v1",
        "title": "Example  API",
        "rootUrl": "https://example.googleapis.com/",
        "servicePath": "",
        "resources": {
            "projects": {"resources": {"locations": {"resources": {
                "operations": {"methods": op_methods(
                    "v1/", "^projects/[^/]+/locations/[^/]+/operations/[^/]+$", "^projects/[^/]+/locations/[^/]+$")},
                "widgets": {"methods": {"create": {"httpMethod": "POST", "path": "v1/{+parent}/widgets"}}},
            }}}},
            "organizations": {"resources": {"locations": {"resources": {
                "operations": {"methods": op_methods(
                    "v1/", "^organizations/[^/]+/locations/[^/]+/operations/[^/]+$",
                    "^organizations/[^/]+/locations/[^/]+$",
                    scopes=("https://www.googleapis.com/auth/cloud-platform", "https://mail.google.com/"))},
            }}}},
            # A container-style collection bound by other variables: not name-based.
            "zones": {"resources": {"operations": {"methods": {
                "cancel": {"httpMethod": "POST",
                           "path": "v1/projects/{projectId}/zones/{zone}/operations/{operationId}:cancel"},
                "get": {"httpMethod": "GET", "path": "v1/projects/{projectId}/zones/{zone}/operations/{operationId}"},
                "list": {"httpMethod": "GET", "path": "v1/{+parent}/operations",
                         "parameters": {"parent": {"pattern": "^projects/[^/]+$"}}},
            }}}},
            # Top-level operations: `{name=operations}` list and a regex the converter refuses.
            "operations": {"methods": {
                "cancel": {"httpMethod": "POST", "path": "v1/{+name}:cancel",
                           "parameters": {"name": {"pattern": "^operations/[a-z]+$"}}},
                "list": {"httpMethod": "GET", "path": "v1/{+name}", "parameters": {"name": {"pattern": "^operations$"}}},
                "delete": {"httpMethod": "DELETE", "path": "v1/{+name}"},
            }},
        },
    }
    doc.update(over)
    return doc


class PatternConversion(unittest.TestCase):
    def test_table(self):
        table = [
            ("^projects/[^/]+/locations/[^/]+/operations/[^/]+$", "projects/*/locations/*/operations/*"),
            ("^operations/.*$", "operations/**"),
            ("^operations/.+$", "operations/**"),
            ("^[^/]+/[^/]+/operations/[^/]+/.*$", "*/*/operations/*/**"),
            ("^projects/[^/]+/locations/global/operations/[^/]+$", "projects/*/locations/global/operations/*"),
            ("^operations$", "operations"),
            ("^.*$", "**"),
            ("^a\\.b/[^/]+$", "a.b/*"),
            ("^op-erations_x~/[^/]+$", "op-erations_x~/*"),
        ]
        for pattern, want in table:
            with self.subTest(pattern=pattern):
                self.assertEqual(gen.pattern_to_template(pattern), (want, None))
                self.assertTrue(gen.valid_name_template(want))

    def test_rejects(self):
        rejects = [
            "projects/[^/]+$",  # not anchored
            "^projects/[^/]+",
            "^$",
            "^operations/[a-z]+$",
            "^operations/[^/]*$",
            "^operations/op-[^/]+$",  # partial-segment wildcard
            "^operations/.*/x$",  # ** not last
            "^(projects|folders)/[^/]+/operations/[^/]+$",
            "^operations/a.b$",  # unescaped "." is regex syntax
            "^operations//x$",
            "^operations/\\.\\.$",
            "^operations/x?$",
            "(?:[-a-z0-9]{1,63}\\.)*",
            "",
        ]
        for pattern in rejects:
            with self.subTest(pattern=pattern):
                t, why = gen.pattern_to_template(pattern)
                self.assertIsNone(t)
                self.assertTrue(why)

    def test_valid_name_template(self):
        for t in ["*", "**", "operations/**", "a/*/b", "a.b~c-d_e/*"]:
            self.assertTrue(gen.valid_name_template(t), t)
        for t in ["", "/a", "a/", "a//b", "**/a", "a/./b", "a/../b", "a/{b}", "a b", "a/*x"]:
            self.assertFalse(gen.valid_name_template(t), t)

    def test_helpers(self):
        self.assertEqual(gen.short_scope("https://www.googleapis.com/auth/cloud-platform"), "cloud-platform")
        self.assertEqual(gen.short_scope("https://mail.google.com/"), "https://mail.google.com/")
        self.assertEqual(gen.short_scope("https://www.googleapis.com/auth/"), "https://www.googleapis.com/auth/")
        self.assertEqual(gen.host_of("https://Example.googleapis.com/"), "example.googleapis.com")
        for bad in [None, "", "http://x.googleapis.com/", "https://x.googleapis.com/v1/", "https://x:8443/",
                    "https://localhost/"]:
            self.assertIsNone(gen.host_of(bad), bad)
        self.assertTrue(gen.valid_version("v1/admin"))
        self.assertFalse(gen.valid_version("v1//x"))


class PathChecks(unittest.TestCase):
    DOC = {"name": "x", "version": "v1", "rootUrl": "https://x.googleapis.com/", "servicePath": ""}
    NAME = {"name": {"pattern": "^projects/[^/]+/operations/[^/]+$"}}
    PARENT = {"name": {"pattern": "^projects/[^/]+$"}}

    def classify(self, kind, http, path, params=None, **doc):
        d = dict(self.DOC, **doc)
        return gen.classify(kind, {"httpMethod": http, "path": path, "parameters": params or self.NAME}, d, "operations")

    def test_kept(self):
        m = self.classify("cancel", "POST", "v1/{+name}:cancel")
        self.assertEqual((m.reason, m.prefix, m.template), (None, "v1", "projects/*/operations/*"))
        m = self.classify("get", "GET", "v1/{+name}")
        self.assertEqual((m.reason, m.template), (None, "projects/*/operations/*"))
        m = self.classify("list", "GET", "v1/{+name}/operations", self.PARENT)
        self.assertEqual((m.reason, m.template), (None, "{name=projects/*}/operations"))
        m = self.classify("list", "GET", "v1/{+name}", {"name": {"pattern": "^operations$"}})
        self.assertEqual((m.reason, m.template), (None, "{name=operations}"))
        m = self.classify("cancel", "POST", "v1beta/{+name}:cancel", version="v1beta")
        self.assertEqual((m.reason, m.id), (None, "x.v1beta"))

    def test_left_out(self):
        cases = [
            (("cancel", "GET", "v1/{+name}:cancel"), gen.R_HTTP),
            (("get", "POST", "v1/{+name}"), gen.R_HTTP),
            (("cancel", "POST", "v1/projects/{projectId}/zones/{zone}/operations/{operationId}:cancel"), gen.R_NOT_NAME),
            (("cancel", "POST", "v1/projects/{project}/operations/{operation}/cancel"), gen.R_NOT_NAME),
            (("get", "GET", "operations/{name}"), gen.R_NOT_NAME),
            (("list", "GET", "v1/{+parent}/operations", self.PARENT), gen.R_NOT_NAME),
            (("list", "GET", "v1/operations"), gen.R_NO_VAR),
            (("cancel", "POST", "v1/{+name}"), gen.R_NOT_NAME),  # wrong suffix
            (("get", "GET", "v1/{+name}:cancel"), gen.R_NOT_NAME),
            (("cancel", "POST", "v1/{+name}/x:cancel"), gen.R_NOT_NAME),
            (("cancel", "POST", "v1/{x}/{+name}:cancel"), gen.R_NOT_NAME),
            (("cancel", "POST", "dns/v1/{+name}:cancel"), gen.R_PREFIX),
            (("cancel", "POST", "v1/admin/{+name}:cancel"), gen.R_PREFIX),
            (("cancel", "POST", "v1/operations/{+name}:cancel"), gen.R_PREFIX),
            (("cancel", "POST", "v2/{+name}:cancel"), gen.R_PREFIX),
            (("cancel", "POST", "{+name}:cancel"), gen.R_PREFIX),
            (("cancel", "POST", "v1/{+name}:cancel", {"name": {}}), gen.R_NO_PATTERN),
            (("cancel", "POST", "v1/{+name}:cancel", {"name": {"pattern": "^projects/[a-z]+$"}}), gen.R_PATTERN),
            (("cancel", "POST", "v1/{+name}:cancel", {"name": {"pattern": "^projects/[^/]+$"}}), gen.R_NO_OPS),
            (("get", "GET", "v1/{+name}", {"name": {"pattern": "^.*$"}}), gen.R_NO_OPS),
            (("list", "GET", "v1/{+name}", self.PARENT), gen.R_NO_OPS),
        ]
        for args, reason in cases:
            with self.subTest(args=args):
                m = self.classify(*args)
                self.assertEqual(m.reason, reason, m.detail)
                self.assertTrue(m.detail)

    def test_service_path_and_root(self):
        # storage-style: servicePath carries the version, path binds other variables.
        m = self.classify("cancel", "POST", "b/{bucket}/operations/{operationId}/cancel", servicePath="storage/v1/")
        self.assertEqual(m.reason, gen.R_NOT_NAME)
        self.assertIn("storage/v1/b/{bucket}", m.detail)
        # servicePath + name-based path: the URL prefix is servicePath + prefix.
        m = self.classify("cancel", "POST", "{+name}:cancel", servicePath="v1/")
        self.assertEqual((m.reason, m.prefix), (None, "v1"))
        m = self.classify("cancel", "POST", "v1/{+name}:cancel", servicePath="x/")
        self.assertEqual((m.reason, m.prefix), (gen.R_PREFIX, "x/v1"))
        m = self.classify("cancel", "POST", "v1/{+name}:cancel", rootUrl="https://x.googleapis.com/api/")
        self.assertEqual(m.reason, gen.R_ROOT)
        m = self.classify("cancel", "POST", "v1/{+name}:cancel", name="X")
        self.assertEqual(m.reason, gen.R_ID)


class MiniDiscovery(unittest.TestCase):
    def test_build(self):
        other = mini_doc(version="v2")

        def to_v2(resources):
            for r in resources.values():
                for m in r.get("methods", {}).values():
                    m["path"] = m["path"].replace("v1/", "v2/", 1)
                to_v2(r.get("resources", {}))

        to_v2(other["resources"])
        docs = [("example.v1.json", mini_doc()), ("example.v2.json", other), ("index.json", {"kind": "discovery#directoryList"}),
                ("empty.v1.json", {"kind": "discovery#restDescription", "name": "empty", "version": "v1"})]
        res = gen.build(docs)
        self.assertEqual(res.documents, 3)
        self.assertEqual(res.skipped_files, ["index.json"])
        self.assertEqual(res.docs_with_ops, 2)
        self.assertEqual(res.collections, 8)  # projects.locations, organizations.locations, zones, top level; twice
        self.assertEqual([r.id for r in res.rows], ["example.v1", "example.v2"])
        row = res.rows[0]
        self.assertEqual(row.host, "example.googleapis.com")
        self.assertEqual(row.templates, ["organizations/*/locations/*/operations/*", "projects/*/locations/*/operations/*"])
        self.assertEqual(row.tsv(), "\t".join([
            "example.v1", "example.googleapis.com", "v1",
            "organizations/*/locations/*/operations/*,projects/*/locations/*/operations/*",
            "cloud-platform,https://mail.google.com/", "-", "Example API"]))
        self.assertEqual(row.get, ["organizations/*/locations/*/operations/*", "projects/*/locations/*/operations/*"])
        self.assertEqual(row.list, ["{name=operations}", "{name=organizations/*/locations/*}/operations",
                                    "{name=projects/*/locations/*}/operations"])
        self.assertEqual(res.rows[1].version, "v2")
        reasons = sorted((m.id, m.kind, m.resource, m.reason) for m in res.methods if m.reason)
        self.assertEqual(reasons[:4], [
            ("example.v1", "cancel", "operations", gen.R_PATTERN),
            ("example.v1", "cancel", "zones.operations", gen.R_NOT_NAME),
            ("example.v1", "get", "zones.operations", gen.R_NOT_NAME),
            ("example.v1", "list", "zones.operations", gen.R_NOT_NAME),
        ])
        self.assertEqual(len(res.methods), 2 * 11)  # delete is not looked at
        self.assertEqual(res.no_cancel, [])

        cat = gen.render_catalogue(res)
        self.assertTrue(cat.startswith("# GENERATED by `python3 scripts/gen_catalogue.py`"))
        self.assertIn(f"{gen.PACKAGE}=={gen.PINNED}", cat)
        self.assertIn("\nid\thost\tversion\ttemplates\tscopes\tpermission\ttitle\nexample.v1\t", cat)
        self.assertTrue(cat.endswith("\tExample API\n"))
        report = gen.render_report(res)
        self.assertIn("documents read: 3", report)
        self.assertIn("methods seen: 22 (cancel 8, get 6, list 8)", report)
        self.assertIn("methods kept: 14 (cancel 4, get 4, list 6)", report)
        self.assertIn("rows written (api versions with a kept cancel method): 2", report)
        self.assertIn("distinct hosts: 1", report)
        lst = gen.render_list(res)
        self.assertIn("\nid\tget\tlist\nexample.v1\t", lst)

        # Deterministic: same input, same bytes; document order in the input does not matter
        # beyond file-name order, which read_documents sorts.
        again = gen.build(copy.deepcopy(docs))
        self.assertEqual(gen.render_catalogue(again), cat)
        self.assertEqual(gen.render_report(again), report)

    def test_prefix_layout_listed(self):
        doc = mini_doc(name="dns", rootUrl="https://dns.googleapis.com/")
        ops = doc["resources"]["projects"]["resources"]["locations"]["resources"]["operations"]["methods"]
        for m in ops.values():
            m["path"] = "dns/" + m["path"]
        res = gen.build([("dns.v1.json", doc)])
        report = gen.render_report(res)
        self.assertIn("dns.v1: version 'dns/v1', templates projects/*/locations/*/operations/*", report)
        self.assertIn(gen.R_PREFIX + ": 3 (cancel 1, get 1, list 1)", report)

    def test_nested_any_depth(self):
        found = [t for t, _ in gen.operations_resources(
            {"a": {"resources": {"b": {"resources": {"operations": {"resources": {"x": {"resources": {"operations": {}}}}}}}}}},
        )]
        self.assertEqual(found, [("a", "b", "operations"), ("a", "b", "operations", "x", "operations")])


def read_tsv(path: Path):
    header, rows = None, []
    for line in path.read_text(encoding="utf-8").split("\n")[:-1]:
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
        else:
            rows.append(cols)
    return header, rows


@unittest.skipUnless(CATALOGUE.exists(), "data/catalogue.tsv not generated")
class GeneratedFiles(unittest.TestCase):
    def test_catalogue_invariants(self):
        text = CATALOGUE.read_bytes()
        self.assertTrue(text.endswith(b"\n") and b"\r" not in text)
        self.assertTrue(text.startswith(b"# GENERATED by `python3 scripts/gen_catalogue.py`"))
        self.assertIn(f"{gen.PACKAGE}=={gen.PINNED}".encode(), text)
        header, rows = read_tsv(CATALOGUE)
        self.assertEqual(header, ["id", "host", "version", "templates", "scopes", "permission", "title"])
        self.assertGreater(len(rows), 100)
        ids = [r[0] for r in rows]
        self.assertEqual(len(ids), len(set(ids)), "duplicate ids")
        self.assertEqual(ids, sorted(ids))
        for r in rows:
            with self.subTest(id=r[0]):
                self.assertEqual(len(r), 7)  # src/catalogue.rs refuses any other count
                id_, host, version, templates, scopes, permission, title = r
                self.assertRegex(id_, r"^[a-z0-9_.-]+$")
                self.assertTrue(id_.endswith("." + version), id_)
                self.assertRegex(host, r"^[a-z0-9.-]+\.[a-z]+$")
                self.assertTrue(gen.valid_version(version))
                ts = templates.split(",")
                self.assertGreaterEqual(len(ts), 1)
                self.assertEqual(ts, sorted(set(ts)))
                for t in ts:
                    self.assertTrue(gen.valid_name_template(t), t)
                    self.assertIn("operations", t.split("/"), t)
                for s in filter(None, scopes.split(",")):
                    self.assertNotIn(" ", s)
                    self.assertFalse(s.startswith(gen.AUTH_PREFIX), s)
                self.assertEqual(permission, "-")
                self.assertTrue(title and title == title.strip())

    def test_seeds_present(self):
        _, seeds = read_tsv(SEEDS)
        _, rows = read_tsv(CATALOGUE)
        by_url = {(r[1], r[2]): r for r in rows}
        self.assertEqual(len(seeds), 5)
        for s in seeds:
            id_, host, version, templates = s[:4]
            with self.subTest(seed=id_):
                if id_ in ABSENT_FROM_WHEEL:
                    self.assertNotIn((host, version), by_url, f"{id_} now in the wheel: update ABSENT_FROM_WHEEL")
                    self.assertFalse(any(r[1] == host for r in rows))
                    continue
                self.assertIn((host, version), by_url)
                row = by_url[(host, version)]
                self.assertLessEqual(set(templates.split(",")), set(row[3].split(",")))
                self.assertEqual(row[0], f"{id_}.{version}")
                self.assertEqual(row[4], s[4])  # same scopes
                self.assertEqual(row[6], s[6])  # same title

    @unittest.skipUnless(LIST.exists(), "data/catalogue-list.tsv not generated")
    def test_list_file(self):
        header, rows = read_tsv(LIST)
        self.assertEqual(header, ["id", "get", "list"])
        _, cat = read_tsv(CATALOGUE)
        self.assertEqual([r[0] for r in rows], [r[0] for r in cat])
        for id_, get, lst in rows:
            with self.subTest(id=id_):
                for t in get.split(",") if get != "-" else []:
                    self.assertTrue(gen.valid_name_template(t), t)
                    self.assertIn("operations", t.split("/"))
                for t in lst.split(",") if lst != "-" else []:
                    m = re.fullmatch(r"\{name=([^{}]+)\}(/operations)?", t)
                    self.assertTrue(m, t)
                    self.assertTrue(gen.valid_name_template(m.group(1)), t)
                    if not m.group(2):
                        self.assertTrue(m.group(1).endswith("operations"), t)

    @unittest.skipUnless(REPORT.exists(), "data/catalogue-report.txt not generated")
    def test_report_counts_match(self):
        report = REPORT.read_text(encoding="utf-8")
        _, rows = read_tsv(CATALOGUE)
        self.assertIn(f"rows written (api versions with a kept cancel method): {len(rows)}\n", report)
        self.assertIn(f"distinct hosts: {len({r[1] for r in rows})}\n", report)
        seen = re.search(r"methods seen: (\d+)", report).group(1)
        kept = re.search(r"methods kept: (\d+)", report).group(1)
        left = re.search(r"methods left out: (\d+)", report).group(1)
        self.assertEqual(int(seen), int(kept) + int(left))

    @unittest.skipUnless(WHEEL.exists(), "pinned wheel not in .cache/discovery/")
    def test_up_to_date_and_deterministic(self):
        first = gen.generate(WHEEL)
        second = gen.generate(WHEEL)
        self.assertEqual(first, second)
        for rel, text in first.items():
            with self.subTest(file=rel):
                self.assertEqual((ROOT / rel).read_bytes(), text.encode("utf-8"),
                                 f"{rel} is stale: run python3 scripts/gen_catalogue.py")


if __name__ == "__main__":
    unittest.main(verbosity=2)
