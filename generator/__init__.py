"""川崎市の政策ポータル: the corpus model, validator and page generator."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
