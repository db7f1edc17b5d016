#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 (Django 6 needs it). PATH first, then pyenv's builds.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for cand in python3.13 python3.12 python3; do
  if command -v "$cand" >/dev/null 2>&1 && ok "$cand"; then command -v "$cand"; exit 0; fi
done
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for cand in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do
  if ok "$cand"; then echo "$cand"; exit 0; fi
done
echo "heatportal needs Python 3.12 or newer (Django 6); none was found on PATH or under pyenv." >&2
exit 1
