#!/usr/bin/env python3
"""Writes a repository for the hand-written Terraform benchmark: examples/acme (for its
infrac.yaml and policies) plus live/ with N .tf files of about 5 KB each (5 MB for N=1000),
assembled from the Terraform corpus's module files with labels made unique per file.

Usage: gen_terraform.py N OUT_DIR
"""
import os
import re
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "corpus", "terraform", "repo", "modules")


def pieces():
    out = []
    for family in sorted(os.listdir(CORPUS)):
        for name in ("main.tf", "variables.tf", "outputs.tf"):
            with open(os.path.join(CORPUS, family, name), encoding="utf-8") as f:
                out.append(f.read())
    return out


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "examples", "acme"), out)
    texts = pieces()
    k = 0
    total = 0
    for i in range(n):
        parts = []
        size = 0
        while True:
            text = texts[k % len(texts)]
            if parts and size + len(text) > 5200:
                break
            k += 1
            # Unique labels per file: resource "x" "this" -> "this_<i>_<k>".
            text = re.sub(r'^(resource|data) "([^"]+)" "([^"]+)"',
                          lambda m: '%s "%s" "%s_%d_%d"' % (m.group(1), m.group(2), m.group(3), i, k),
                          text, flags=re.M)
            text = re.sub(r'^(variable|output) "([^"]+)"',
                          lambda m: '%s "%s_%d_%d"' % (m.group(1), m.group(2), i, k), text, flags=re.M)
            parts.append(text)
            size += len(text)
        body = "\n".join(parts)
        path = os.path.join(out, "live", "stack%03d" % (i // 10), "file%d.tf" % (i % 10))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)
        total += len(body)
    print("wrote %d files, %.1f MB under %s/live" % (n, total / 1e6, out))


if __name__ == "__main__":
    main()
