#!/usr/bin/python3
"""The JSON Schema and the loader agree on every sample and test profile.

usage: schema_agrees.py PROCSPEC SOURCE_DIR

For each profile in samples/, tests/findings/ and tests/bad/profiles/:
the loader's verdict is `procspec check` (exit 2: malformed; a class-2
"is missing" finding: incomplete), the schema's verdict is jsonschema's.
They must agree, except for cases marked "# schema: loader-only (why)",
which the schema cannot express and must accept. The checked-in
schemas/profile.schema.json must equal `procspec schema`.
"""
import glob
import json
import os
import subprocess
import sys

import jsonschema
import yaml


class ProfileLoader(yaml.SafeLoader):
    """YAML as procspec reads it: only true/false are booleans, dates stay text."""


ProfileLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
import re  # noqa: E402
ProfileLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def loader_verdict(procspec, path):
    run = subprocess.run([procspec, "check", path], capture_output=True, text=True, errors="replace")
    if run.returncode == 2:
        return False
    return "is missing; services handling confidentiality" not in run.stderr


def schema_verdict(validator, path):
    try:
        with open(path, "rb") as f:
            data = yaml.load(f.read().decode("utf-8"), Loader=ProfileLoader)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError):
        return False
    return validator.is_valid(data)


def main():
    procspec, src = sys.argv[1], sys.argv[2]
    generated = subprocess.run([procspec, "schema"], capture_output=True, check=True).stdout
    with open(os.path.join(src, "schemas/profile.schema.json"), "rb") as f:
        if f.read() != generated:
            print("FAIL: schemas/profile.schema.json differs from `procspec schema`; regenerate it")
            return 1
    schema = json.loads(generated)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    paths = sorted(glob.glob(os.path.join(src, "samples/*.yaml")) +
                   glob.glob(os.path.join(src, "tests/findings/*.yaml")) +
                   glob.glob(os.path.join(src, "tests/bad/profiles/*.yaml")))
    failed = 0
    for path in paths:
        with open(path, "rb") as f:
            loader_only = b"# schema: loader-only" in f.read()
        by_loader, by_schema = loader_verdict(procspec, path), schema_verdict(validator, path)
        ok = by_schema if loader_only else by_loader == by_schema
        if not ok:
            failed += 1
            print(f"FAIL: {os.path.relpath(path, src)}: loader {'accepts' if by_loader else 'rejects'}, "
                  f"schema {'accepts' if by_schema else 'rejects'}")
    print(f"{len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
