#!/usr/bin/env python3
"""Writes the hand-picked seed corpus under fuzz/corpus/ (run from the repository root).

Seeds come from the repository itself (filters and PATCH paths in the tests, scenarios, fixtures)
plus hand-written PATCH, request and matcher cases. Each seed is named by its content's SHA-1,
as libFuzzer names corpus entries, so re-running is idempotent. Request seeds start with the
selector byte documented in src/fuzzing/request.rs.
"""
import glob, hashlib, json, os, re

PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    os.makedirs(f"fuzz/corpus/{target}", exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(f"fuzz/corpus/{target}/{name}", "wb") as f:
        f.write(data)


def ops(*operations):
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


PATCHES = [
    ops({"op": "replace", "path": "active", "value": False}),
    ops({"op": "Replace", "path": "active", "value": "False"}),
    ops({"op": "Add", "path": "displayName", "value": "Nina"}),
    ops({"op": "replace", "value": {"active": False, "displayName": "X"}}),
    ops({"op": "replace", "value": {"name.givenName": "Ada", f"{ENT}:department": "Ops"}}),
    ops({"op": "add", "path": "emails", "value": [{"value": "x@y.z", "type": "other"}]}),
    ops({"op": "replace", "path": 'emails[type eq "work"].value', "value": "w@x.y"}),
    ops({"op": "remove", "path": 'emails[type eq "home"]'}),
    ops({"op": "remove", "path": "emails"}),
    ops({"op": "replace", "path": 'addresses[type eq "work"].locality', "value": "Paris"}),
    ops({"op": "add", "path": 'phoneNumbers[type eq "mobile"].value', "value": "+1"}),
    ops({"op": "replace", "path": "name.familyName", "value": "King"}),
    ops({"op": "remove", "path": "name.middleName"}),
    ops({"op": "replace", "path": f"{ENT}:manager.value", "value": "m-2"}),
    ops({"op": "remove", "path": f"{ENT}:manager"}),
    ops({"op": "add", "path": ENT, "value": {"costCenter": "c-9"}}),
    ops({"op": "remove", "path": ENT}),
    ops({"op": "replace", "path": "userName", "value": "grace@example.com"}),
    ops({"op": "replace", "path": "id", "value": "nope"}),
    ops({"op": "replace", "path": "meta.created", "value": "2020-01-01T00:00:00Z"}),
    ops({"op": "remove", "path": "userName"}),
    ops({"op": "add", "path": "members", "value": [{"value": "@USER@"}]}),
    ops({"op": "add", "path": "members", "value": [{"value": "@GROUP@"}, {"value": "nobody"}]}),
    ops({"op": "remove", "path": 'members[value eq "@USER@"]'}),
    ops({"op": "remove", "path": "members", "value": [{"value": "@USER@"}]}),
    ops({"op": "replace", "path": "members", "value": []}),
    ops({"op": "replace", "value": {"displayName": "Renamed", "members": [{"value": "@USER@"}]}}),
    ops({"op": "replace", "path": 'emails[value eq "ada@example.com"].primary', "value": True}),
    ops({"op": "add", "path": "roles", "value": {"value": "r", "primary": True}}),
    ops({"op": "replace", "path": "x509Certificates", "value": [{"value": "not base64!"}]}),
    ops({"op": "test", "path": "active"}),
    ops({"op": "add"}),
    ops({"op": "remove", "path": 'emails[type eq "work"'}),
    ops({"op": "replace", "path": "emails[type eq \"work\"].value", "value": None}),
    {"schemas": [PATCH_OP], "operations": [{"op": "replace", "path": "title", "value": 7}]},
    {"Operations": [{"op": "replace", "path": "active", "value": "True"}]},
    {"schemas": [PATCH_OP]},
    [],
    {"schemas": [PATCH_OP], "Operations": {"op": "add"}},
]

USERS = [
    {"schemas": [USER], "userName": "bjensen", "name": {"givenName": "Barbara", "familyName": "Jensen"},
     "emails": [{"value": "bjensen@example.com", "type": "work", "primary": True}], "active": True},
    {"schemas": [USER, ENT], "userName": "ops", ENT: {"employeeNumber": "7", "manager": {"value": "@USER@"}}},
    {"userName": "x", "active": "True", "emails": {"value": "x@y"}},
    {"schemas": [USER], "userName": "ADA@EXAMPLE.COM"},
    {"schemas": [USER], "userName": ""},
    {"userName": 7, "name": "flat"},
]
GROUPS = [
    {"schemas": [GROUP], "displayName": "Admins", "members": [{"value": "@USER@"}, {"value": "@GROUP@"}]},
    {"schemas": [GROUP], "displayName": "Engineers"},
    {"displayName": "Empty", "members": []},
]
V1 = [
    {"schemas": ["urn:scim:schemas:core:1.0"], "userName": "v1user", "name": {"givenName": "V"}},
    {"meta": {"attributes": ["members"]}, "members": [{"value": "@USER@"}]},
    {"emails": [{"value": "ada@example.com", "operation": "delete"}]},
    {"meta": {"attributes": ["name.middleName", ENT]}},
]
SEARCHES = [
    {"schemas": [SEARCH], "filter": 'userName eq "ada@example.com"', "sortBy": "userName", "count": 2},
    {"schemas": [SEARCH], "filter": 'emails[type eq "work"]', "attributes": ["emails"], "startIndex": 0},
    {"schemas": [SEARCH], "sortBy": "meta.created", "sortOrder": "descending", "excludedAttributes": ["name"]},
    {"schemas": [SEARCH], "count": -1, "startIndex": "x"},
]
QUERIES = [
    "filter=userName eq \"ada@example.com\"",
    "filter=userName%20eq%20%22ada%40example.com%22&attributes=userName,emails",
    "filter=emails[type eq \"work\" and value co \"@\"]&sortBy=name.familyName&sortOrder=descending",
    "filter=members[value eq \"@USER@\"]",
    "filter=not (active eq false) or title pr&count=1&startIndex=2",
    "filter=meta.lastModified gt \"2011-05-13T04:42:34Z\"",
    "attributes=urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager&excludedAttributes=emails",
    "count=0", "startIndex=-5&count=99999999999999999999", "sortBy=emails", "filter=",
    "filter=userName eq ada", "filter=title lt null",
]
PATHS = [
    "ServiceProviderConfig", "ResourceTypes", "ResourceTypes/User", "Schemas",
    f"Schemas/{USER}", f"Schemas/{ENT}", "Schemas/nope", "Me", "Bulk", "Users/.search",
    "Users/@USER@/extra", "Groups/@GROUP@", "../v2/Users", "Users?filter=x", "%zz", "Users/%2e%2e",
]


def selector(v1=False, group=False, op=0, strict=False, unknown=False, if_match=False):
    return bytes([int(v1) | int(group) << 1 | op << 2 | int(strict) << 5 | int(unknown) << 6 | int(if_match) << 7])


def request(sel, query="", body=b""):
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
    return sel + query.encode() + b"\n" + body


def main():
    # filter: filters and PATCH paths quoted in the tests (see seeds_filters below).
    for text in seeds_filters():
        write("filter", text)
    for p in PATCHES:
        write("patch", json.dumps(p))
    for v1 in (False, True):
        for p in PATCHES[::3] + [p for p in PATCHES if "members" in json.dumps(p)]:
            group = "members" in json.dumps(p)
            write("request_body", request(selector(v1, group, 5), "", p))
        for u in USERS:
            write("request_body", request(selector(v1, False, 2), "attributes=userName", u))
            write("request_body", request(selector(v1, False, 4, if_match=True), "", u))
        for g in GROUPS:
            write("request_body", request(selector(v1, True, 2), "", g))
        for q in QUERIES:
            write("request_body", request(selector(v1, "members" in q, 0), q))
        for s in SEARCHES:
            write("request_body", request(selector(v1, False, 1), "", s))
        for p in PATHS:
            write("request_body", request(selector(v1, False, 7), p))
        write("request_body", request(selector(v1, False, 3), "attributes=emails.value"))
        write("request_body", request(selector(v1, True, 6, if_match=True)))
        write("request_body", request(selector(v1, False, 5, strict=True, unknown=True), "", PATCHES[0]))
    for b in V1:
        write("request_body", request(selector(True, "members" in json.dumps(b), 5), "", b))
    write("request_body", request(selector(), "", b"{\"userName\": "))
    for path in sorted(glob.glob("scenarios/**/*.yaml", recursive=True)
                       + glob.glob("tests/loader/cases/**/*.yaml", recursive=True)):
        with open(path, "rb") as f:
            write("scenario_loader", f.read())
    fixtures = sorted(glob.glob("fixtures/**/*.json", recursive=True)
                      + glob.glob("tests/loader/cases/**/*.json", recursive=True))
    actual = {"schemas": [USER], "id": "2819c223", "userName": "alice",
              "name": {"givenName": "Alice", "familyName": "Liddell"}, "active": True,
              "emails": [{"value": "alice@example.com", "type": "work", "primary": True}],
              "meta": {"resourceType": "User", "created": "2024-01-01T00:00:00Z",
                       "lastModified": "2024-01-01T00:00:00Z", "location": "https://x/Users/2819c223",
                       "version": "W/\"1\""}}
    for path in fixtures:
        with open(path, "rb") as f:
            write("fixture_matcher", f.read() + b"\n" + json.dumps(actual).encode())
    pairs = [
        ({"$unordered": [1, {"a": "$any"}]}, [{"a": None}, 1]),
        ({"k": "$absent", "x": "$$literal"}, {"x": "$literal"}),
        ({"v": "$regex:^[0-9a-f-]{36}$"}, {"v": "2819c223-7f76-453a-919d-413861904646"}),
        ({"v": "$regex:("}, {"v": "("}),
        ({"n": 1}, {"n": 1.0}),
        ({"a": [{"type": "work"}, {"type": "work", "value": "w"}]}, {"a": [{"type": "work", "value": "w"}, {"type": "work"}]}),
        ({"a": {"$unordered": [{"type": "work"}, {"type": "work", "value": "w"}]}}, {"a": [{"type": "work", "value": "w"}, {"type": "work"}]}),
        ({"d": "$datetime", "s": "$nonempty", "n": "$number", "t": "$string"}, {"d": "2024-02-30T00:00:00Z", "s": "", "n": "1", "t": 1}),
        ({"id": "$nonempty", "meta": {"version": "$nonempty"}}, {"id": "", "meta": {"version": "W/\"2\""}}),
        ("$datetme", "x"),
        (list(range(20)), list(range(19, -1, -1))),
    ]
    for e, a in pairs:
        write("fixture_matcher", json.dumps(e) + "\n" + json.dumps(a))
    write("fixture_matcher", json.dumps(actual))


def seeds_filters():
    def unescape(s):
        out, i = [], 0
        table = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", '"': '"', "'": "'"}
        while i < len(s):
            if s[i] == "\\" and i + 1 < len(s):
                n = s[i + 1]
                if n in table:
                    out.append(table[n]); i += 2; continue
                if n == "u":
                    j = s.index("}", i); out.append(chr(int(s[i + 3:j], 16))); i = j + 1; continue
            out.append(s[i]); i += 1
        return "".join(out)

    lit = r'"((?:[^"\\]|\\.)*)"'
    found = set()
    calls = ["parse", "parse_err", "rejected", "filter_ids", "filter", "eval_on", "ok",
             "expect_err", "parse_attr_path", "paths_for", "key"]
    for f in glob.glob("src/server/filter/tests/*.rs") + glob.glob("tests/server/filters*.rs") \
            + glob.glob("tests/server/lists.rs"):
        text = open(f).read()
        for fn in calls:
            pattern = r"\b" + fn + r'\(\s*(?:&[a-z_]+,\s*)?(?:"/?[A-Za-z]+",\s*)?' + lit
            found.update(unescape(m.group(1)) for m in re.finditer(pattern, text))
        found.update(unescape(m.group(1)) for m in re.finditer(r'"filter":\s*' + lit, text))
    for f in glob.glob("src/server/filter/tests/patch_path.rs") + glob.glob("src/server/patch/tests/*.rs") \
            + glob.glob("tests/server/patch*.rs"):
        text = open(f).read()
        found.update(unescape(m.group(1)) for m in re.finditer(r'"path":\s*' + lit, text))
        found.update(unescape(m.group(1)) for m in re.finditer(r"\bpath\(\s*" + lit, text))
    return sorted(x for x in found if x and len(x) < 400 and not x.startswith("/"))


if __name__ == "__main__":
    main()
