#!/usr/bin/env python3
"""Prints the field reference of docs/spec-language.md from `infrac schema`.

Usage: scripts/field-reference.py INFRAC_BINARY project|service
"""
import json
import subprocess
import sys


def type_of(s):
    if "oneOf" in s:
        return " or ".join(type_of(a) for a in s["oneOf"])
    if "enum" in s:
        return " \\| ".join(str(v) for v in s["enum"])
    t = s.get("type")
    if isinstance(t, list):
        return "/".join(t)
    if t == "integer" and "minimum" in s:
        return "integer %d..%d" % (s["minimum"], s.get("maximum", 0))
    if t == "array":
        items = s.get("items", {})
        inner = type_of(items)
        return "list of " + inner if inner not in ("object", "mapping") else "list"
    if t == "object":
        if "additionalProperties" in s and isinstance(s["additionalProperties"], dict):
            return "map of " + type_of(s["additionalProperties"])
        return "mapping"
    return t or ""


def rows(s, path, required, out):
    default = s.get("default")
    out.append("| `%s` | %s | %s | %s | %s |" % (
        path, type_of(s), "yes" if required else "",
        "`%s`" % default if default is not None else "", s.get("description", "")))
    if path == "environments":  # a service's overrides take the fields of spec
        return
    for alt in s.get("oneOf", []):
        if alt.get("type") == "object":
            children(alt, path, out)
    if s.get("type") == "object":
        children(s, path, out)
    if s.get("type") == "array" and s.get("items", {}).get("type") == "object":
        children(s["items"], path + "[]", out)
    if s.get("type") == "array":
        for alt in s.get("items", {}).get("oneOf", []):
            if alt.get("type") == "object":
                children(alt, path + "[]", out)


def children(s, path, out):
    props = s.get("properties")
    if props:
        for name, sub in props.items():
            rows(sub, path + "." + name if path else name, name in s.get("required", []), out)
    elif isinstance(s.get("additionalProperties"), dict):
        children(s["additionalProperties"], path + ".<name>", out)


def main():
    schema = json.loads(subprocess.run([sys.argv[1], "schema", sys.argv[2]], check=True,
                                       capture_output=True, text=True).stdout)
    out = ["| field | type | required | default | meaning |", "|---|---|---|---|---|"]
    children(schema, "", out)
    print("\n".join(out))


main()
