#!/usr/bin/env python3
"""Agreement between the JSON Schemas and the readers on the aiml vector set, and a schema
check of what the library writes (tests/vectors/aiml/README.md).

For every case of tests/vectors/aiml/*.json given as a JSON document ("document" or
"patch"; "text" cases exercise the JSON layer and are skipped):
  y_ : the schema accepts the input, and the canonical form `imsdp model|control fmt`
       writes for it is accepted too;
  n_ : the schema rejects the input, unless the case is "reader_only" (a rule a schema
       cannot state), which the schema must then accept.
Exit 0 when all agree, 1 on a disagreement, 77 (skipped) without python3-jsonschema.
"""
import copy
import json
import pathlib
import subprocess
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:
    print("python3-jsonschema is not installed: skipped")
    sys.exit(77)

source = pathlib.Path(__file__).resolve().parents[3]
imsdp = sys.argv[1] if len(sys.argv) > 1 else None

schemas = [json.loads(p.read_text()) for p in sorted((source / "schemas" / "aiml").rglob("*.schema.json"))]
by_id = {s["$id"]: s for s in schemas}
try:
    from referencing import Registry, Resource

    registry = Registry().with_resources((i, Resource.from_contents(s)) for i, s in by_id.items())

    def validator(schema_id):
        return Draft202012Validator(by_id[schema_id], registry=registry)
except ImportError:  # jsonschema < 4.18
    from jsonschema import RefResolver

    def validator(schema_id):
        schema = by_id[schema_id]
        return Draft202012Validator(schema, resolver=RefResolver.from_schema(schema, store=by_id))

base_id = "https://imsdp.invalid/schemas/aiml/"
targets = {
    "aiml-model-descriptor": (validator(base_id + "model-descriptor.schema.json"), ["model", "fmt", "-"]),
    "aiml-control": (validator(base_id + "control/message.schema.json"), ["control", "fmt", "-"]),
}


def resolve(document, pointer):
    """The parent container and the last token of an RFC 6901 pointer."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    parent = document
    for t in tokens[:-1]:
        parent = parent[int(t)] if isinstance(parent, list) else parent[t]
    return parent, tokens[-1]


def apply_patch(document, patch):
    """RFC 6902 add, replace and remove: the operations the vectors use."""
    document = copy.deepcopy(document)
    for op in patch:
        parent, token = resolve(document, op["path"])
        if isinstance(parent, list):
            index = len(parent) if token == "-" else int(token)
            if op["op"] == "add":
                parent.insert(index, op["value"])
            elif op["op"] == "replace":
                parent[index] = op["value"]
            else:
                del parent[index]
        elif op["op"] == "remove":
            del parent[token]
        else:
            parent[token] = op["value"]
    return document


failures = 0
checked = 0
for path in sorted((source / "tests" / "vectors" / "aiml").glob("*.json")):
    vectors = json.loads(path.read_text())
    schema, fmt = targets[vectors["target"]]
    for case in vectors["cases"]:
        if isinstance(case, str) or "text" in case:
            continue
        document = case["document"] if "document" in case else apply_patch(vectors["base"], case["patch"])
        valid = schema.is_valid(document)
        accept = case["id"].startswith("y_") or case.get("reader_only", False)
        why = None
        if valid != accept:
            why = "the schema " + ("accepts" if valid else "rejects") + " it"
            if not valid:
                why += ": " + next(schema.iter_errors(document)).message[:200]
        elif imsdp and case["id"].startswith("y_"):
            limit = case.get("max_message_size")
            args = [imsdp] + fmt + (["--max-message-size", str(limit)] if limit else [])
            run = subprocess.run(args, input=json.dumps(document, separators=(",", ":")), capture_output=True, text=True)
            if run.returncode != 0:
                why = "imsdp fmt failed: " + run.stdout + run.stderr
            else:
                written = json.loads(run.stdout)
                if not schema.is_valid(written):
                    why = "the written form fails the schema: " + next(schema.iter_errors(written)).message[:200]
        checked += 1
        if why:
            failures += 1
            print(f"{path.name}: {case['id']}: {why}")
print(f"{checked - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
