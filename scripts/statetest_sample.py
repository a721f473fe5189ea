#!/usr/bin/env python3
"""Prints a representative sample of state-test files: the first file (by name) of every folder
under each given fixtures directory, skipping paths that match --exclude (a regex).

    lanes statetest $(scripts/statetest_sample.py DIR... [--exclude REGEX])
"""
import argparse
import os
import re

parser = argparse.ArgumentParser()
parser.add_argument("dirs", nargs="+")
parser.add_argument("--exclude", default=None)
args = parser.parse_args()
pattern = re.compile(args.exclude) if args.exclude else None
for top in args.dirs:
    for root, dirs, files in sorted(os.walk(top)):
        dirs.sort()
        for name in sorted(f for f in files if f.endswith(".json")):
            path = os.path.join(root, name)
            if pattern and pattern.search(path):
                continue
            print(path)
            break
