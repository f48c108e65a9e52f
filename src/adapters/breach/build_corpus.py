"""Write range files from a word list: ``python -m adapters.breach.build_corpus OUT_DIR [options]``.

The default source is zxcvbn's bundled password frequency list (30,000 passwords, most common
first). The shipped corpus keeps the top ``--top`` entries plus every entry at least
``--long-from`` characters long (the ones a 12-character minimum would otherwise let through).
Counts are not occurrence counts (zxcvbn lists only ranks): each password gets 1.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from adapters.breach.k_anonymity import sha1_hex


def zxcvbn_passwords() -> list[str]:
    """zxcvbn's bundled common-password list, most common first."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # type: ignore[import-untyped]  # no stubs; lazy: big table

    return list(FREQUENCY_LISTS["passwords"])


def select(words: Sequence[str], top: int, long_from: int) -> list[str]:
    """The first ``top`` words plus every later word of ``long_from``+ characters, without repeats."""
    chosen = dict.fromkeys(w for i, w in enumerate(words) if w and (i < top or len(w) >= long_from))
    return list(chosen)


def write_ranges(words: Iterable[str], out_dir: Path, prefix_length: int) -> int:
    """Write one ``{PREFIX}.txt`` per range, lines sorted; return how many passwords were written."""
    ranges: dict[str, set[str]] = defaultdict(set)
    for word in words:
        digest = sha1_hex(word)
        ranges[digest[:prefix_length]].add(digest[prefix_length:])
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in out_dir.glob("*.txt"):
        stale.unlink()
    for prefix, suffixes in ranges.items():
        body = "".join(f"{suffix}:1\n" for suffix in sorted(suffixes))
        (out_dir / f"{prefix}.txt").write_text(body, encoding="ascii")
    return sum(len(s) for s in ranges.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--words", type=Path, help="one password per line (default: zxcvbn's list)")
    parser.add_argument("--top", type=int, default=4000)
    parser.add_argument("--long-from", type=int, default=9)
    parser.add_argument("--prefix-length", type=int, default=2, choices=range(1, 6))
    args = parser.parse_args(argv)
    words = args.words.read_text(encoding="utf-8").splitlines() if args.words else zxcvbn_passwords()
    count = write_ranges(select(words, args.top, args.long_from), args.out_dir, args.prefix_length)
    print(f"wrote {count} passwords into {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
