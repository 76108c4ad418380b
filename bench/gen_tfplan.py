#!/usr/bin/env python3
"""Writes a `terraform show -json`-shaped plan with N resource changes, for benchmarks.

Usage: gen_tfplan.py N OUT.json
"""
import json
import sys

n, out = int(sys.argv[1]), sys.argv[2]
actions = [["create"], ["update"], ["delete", "create"], ["delete"], ["no-op"]]
changes = []
for i in range(n):
    a = actions[i % len(actions)]
    before = None if a == ["create"] else {"name": "r%d" % i, "size": i, "tags": {"team": "t%d" % (i % 20)}, "password": "p%d" % i}
    after = None if a == ["delete"] else {"name": "r%d" % i, "size": i + (i % 3), "tags": {"team": "t%d" % (i % 20)}, "password": "q%d" % i}
    changes.append({"address": "module.m%d.aws_thing.this" % (i // 10), "type": "aws_thing", "name": "this",
                    "mode": "managed", "change": {"actions": a, "before": before, "after": after,
                    "after_unknown": {"arn": True}, "before_sensitive": {"password": True},
                    "after_sensitive": {"password": True},
                    "replace_paths": [["name"]] if a == ["delete", "create"] else []}})
json.dump({"format_version": "1.2", "resource_changes": changes}, open(out, "w"))
