"""``portal serve``: live preview.

Saving policies.yaml (or a file in content/) regenerates the Markdown — only the files whose bytes
changed are rewritten — and MkDocs' own live reload then updates the page open in the browser.
A corpus error is printed in the terminal; the server keeps running and keeps the last good pages.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from . import ROOT
from .build import CONTENT_DIR, OUT_DIR, generate


def _stamp(corpus: Path) -> tuple:
    paths = [corpus, *sorted(p for p in CONTENT_DIR.rglob("*") if p.is_file())] if CONTENT_DIR.is_dir() else [corpus]
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            out.append((str(p), 0, 0))
    return tuple(out)


def _watch(corpus: Path, stop: threading.Event, interval: float = 0.3) -> None:
    last = _stamp(corpus)
    while not stop.wait(interval):
        now = _stamp(corpus)
        if now != last:
            last = now
            print(f"[{time.strftime('%H:%M:%S')}] 変更を検出しました。ページを作り直します…", flush=True)
            try:
                if generate(str(corpus)) != 0:
                    print("上のエラーを直して保存すると、プレビューが更新されます（サーバーは動いたままです）。", flush=True)
            except Exception as exc:  # never let the preview die on an unexpected error
                print(f"エラー: ページを作り直せませんでした: {exc}", flush=True)


def serve(corpus_path: str, host: str = "127.0.0.1", port: int = 8000) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    corpus = Path(corpus_path).resolve()
    if generate(str(corpus)) != 0:
        if not OUT_DIR.is_dir():
            print("最初のページ作成に失敗しました。エラーを直してから、もう一度 portal serve を実行してください。")
            return 1
        print("前回作ったページでプレビューを始めます。エラーを直して保存すると更新されます。")
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(corpus, stop), daemon=True)
    watcher.start()
    os.chdir(ROOT)
    print(f"プレビュー: http://{host}:{port}/ （終了は Ctrl+C）", flush=True)
    try:
        # "dirty": MkDocs rebuilds only the Markdown files the generator rewrote (it writes only changed bytes).
        mkdocs_serve(config_file=str(ROOT / "mkdocs.yml"), livereload=True, build_type="dirty",
                     dev_addr=f"{host}:{port}", strict=False)
    finally:
        stop.set()
    return 0
