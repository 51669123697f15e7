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

from .build import generate
from .project import Project


def _stamp(project: Project, corpus: Path) -> tuple:
    content = project.content_dir
    paths = [corpus, *sorted(p for p in content.rglob("*") if p.is_file())] if content.is_dir() else [corpus]
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            out.append((str(p), 0, 0))
    return tuple(out)


def _watch(project: Project, corpus: Path, stop: threading.Event, interval: float = 0.3) -> None:
    last = _stamp(project, corpus)
    while not stop.wait(interval):
        now = _stamp(project, corpus)
        if now != last:
            last = now
            print(f"[{time.strftime('%H:%M:%S')}] 変更を検出しました。ページを作り直します…", flush=True)
            try:
                if generate(project, corpus) != 0:
                    print("上のエラーを直して保存すると、プレビューが更新されます（サーバーは動いたままです）。", flush=True)
            except Exception as exc:  # never let the preview die on an unexpected error
                print(f"エラー: ページを作り直せませんでした: {exc}", flush=True)


def serve(project: Project, corpus_path: str | Path | None = None, host: str = "127.0.0.1", port: int = 8000) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    corpus = project.resolve(corpus_path) if corpus_path is not None else project.corpus
    if generate(project, corpus) != 0:
        if not project.out_dir.is_dir():
            print("最初のページ作成に失敗しました。エラーを直してから、もう一度 portal serve を実行してください。")
            return 1
        print("前回作ったページでプレビューを始めます。エラーを直して保存すると更新されます。")
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(project, corpus, stop), daemon=True)
    watcher.start()
    os.chdir(project.root)
    print(f"プレビュー: http://{host}:{port}/ （終了は Ctrl+C）", flush=True)
    try:
        # "dirty": MkDocs rebuilds only the Markdown files the generator rewrote (it writes only changed bytes).
        mkdocs_serve(config_file=str(project.mkdocs_yml), livereload=True, build_type="dirty",
                     dev_addr=f"{host}:{port}", strict=False)
    finally:
        stop.set()
    return 0
