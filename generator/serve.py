"""``portal serve``: live preview.

Saving policies.yaml, a part file it names (``- file: …``), or a file in content/ regenerates the Markdown — only the files whose bytes
changed are rewritten — and MkDocs' own live reload then updates the page open in the browser.
A corpus error is printed in the terminal and shown at the top of every open page (see
``generator.preview_hook``: only the preview loads it, and the generated Markdown never holds the notice);
the server keeps running and keeps the last good pages. The next good save removes the notice.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from . import preview_hook
from .build import generate
from .preview_hook import errors_file
from .project import Project


def _stamp(project: Project, corpus: Path, parts: list[Path] = ()) -> tuple:
    """What the preview watches: the corpus file, the part files it names (those it could not read too, so
    creating a missing part rebuilds), and content/."""
    content = project.content_dir
    paths = [corpus, *dict.fromkeys(Path(p) for p in parts)]
    if content.is_dir():
        paths += sorted(p for p in content.rglob("*") if p.is_file())
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            out.append((str(p), 0, 0))
    return tuple(out)


def _problems_json(state: dict) -> bytes:
    """``build/preview/errors.json``: what the notice in the browser lists (empty after a good save)."""
    errors = [{"where": f"{p.filename}:{p.line}:{p.col}", "message": p.message, "code": p.code}
              for p in state.get("problems", [])]
    if state.get("error"):
        errors.append({"where": "", "message": state["error"], "code": ""})
    return (json.dumps({"errors": errors}, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _regenerate(project: Project, corpus: str | Path, files: list[Path] | None = None) -> int:
    """Generate, then tell the open pages (through errors.json) what is wrong, or that nothing is.
    ``files`` receives the corpus files (the entry and its parts) that this generation read."""
    state: dict = {}
    try:
        rc = generate(project, corpus, state=state)
    except Exception as exc:  # never let the preview die on an unexpected error
        print(f"エラー: ページを作り直せませんでした: {exc}", flush=True)
        state["error"] = f"ページを作り直せませんでした（{type(exc).__name__}: {exc}）"
        rc = 1
    if files is not None:
        files[:] = state.pop("corpus_files", files)
    if rc and not state:
        state["error"] = "ページを作り直せませんでした。ターミナルの表示を確かめてください"
    target = errors_file(project.root)
    data = _problems_json(state if rc else {})
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.is_file() or target.read_bytes() != data:
        tmp = target.with_name(".errors.json.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return rc


def _watch(project: Project, corpus: str | Path, stop: threading.Event, interval: float = 0.3,
           parts: list[Path] | None = None) -> None:
    parts = list(parts or [])
    last = _stamp(project, project.resolve(corpus), parts)
    while not stop.wait(interval):
        now = _stamp(project, project.resolve(corpus), parts)
        if now != last:
            print(f"[{time.strftime('%H:%M:%S')}] 変更を検出しました。ページを作り直します…", flush=True)
            rc = _regenerate(project, corpus, parts)
            last = _stamp(project, project.resolve(corpus), parts)  # the files named now (a part added or dropped)
            if rc != 0:
                print("上のエラーを直して保存すると、プレビューが更新されます（サーバーは動いたままです。"
                      "開いているページにもエラーを表示しています）。", flush=True)


def _hooks(project: Project) -> list[str]:
    """The project's own MkDocs hooks, then the preview's (generator/preview_hook.py)."""
    from mkdocs.utils.yaml import yaml_load

    try:
        with open(project.mkdocs_yml, encoding="utf-8") as fh:
            config = yaml_load(fh) or {}
    except Exception:  # MkDocs itself reports a broken mkdocs.yml
        config = {}
    own = config.get("hooks") if isinstance(config, dict) else None
    return [*(own if isinstance(own, list) else []), str(Path(preview_hook.__file__).resolve())]


def serve(project: Project, corpus_path: str | Path | None = None, host: str = "127.0.0.1", port: int = 8000) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    corpus = project.resolve(corpus_path) if corpus_path is not None else project.corpus
    if corpus.is_relative_to(project.root):  # messages name the file as the editor sees it: policies.yaml:12:5
        corpus = corpus.relative_to(project.root)
    parts: list[Path] = []
    if _regenerate(project, corpus, parts) != 0:
        if not project.out_dir.is_dir():
            print("最初のページ作成に失敗しました。エラーを直してから、もう一度 portal serve を実行してください。")
            return 1
        print("前回作ったページでプレビューを始めます。エラーはブラウザのページにも表示します。直して保存すると更新されます。")
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(project, corpus, stop), kwargs={"parts": parts}, daemon=True)
    watcher.start()
    os.chdir(project.root)
    print(f"プレビュー: http://{host}:{port}/ （終了は Ctrl+C）", flush=True)
    try:
        # "dirty": MkDocs rebuilds only the Markdown files the generator rewrote (it writes only changed bytes).
        # build/preview/ (errors.json) is watched too: a change there rebuilds no page, but reloads the open ones.
        mkdocs_serve(config_file=str(project.mkdocs_yml), livereload=True, build_type="dirty",
                     dev_addr=f"{host}:{port}", strict=False, watch=[str(errors_file(project.root).parent)],
                     hooks=_hooks(project))
    finally:
        stop.set()
    return 0
