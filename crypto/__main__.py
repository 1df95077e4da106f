"""``python -m crypto check-vectors DIR``: run every vector in DIR, end with ``N passed, M failed``.
``python -m crypto make-vectors DIR``: write this project's own vectors (docs/protocol/vectors)."""

import argparse
import sys
from pathlib import Path

from crypto.make_vectors import write_vectors
from crypto.vectors import check_folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crypto")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check-vectors", help="check a folder of protocol test vectors")
    check.add_argument("folder", type=Path)
    make = sub.add_parser("make-vectors", help="write this project's own test vectors into a folder")
    make.add_argument("folder", type=Path)
    args = parser.parse_args(argv)

    if args.command == "make-vectors":
        for path in write_vectors(args.folder):
            print(f"wrote {path}")
        return 0
    if not args.folder.is_dir():
        print(f"no such folder: {args.folder}", file=sys.stderr)
        return 2
    results = check_folder(args.folder)
    for r in results:
        print(f"{'ok  ' if r.ok else 'FAIL'} {r.name}{'  ' + r.detail if r.detail else ''}")
    failed = sum(not r.ok for r in results)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
