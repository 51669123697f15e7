"""``portal init DIR``: a new, minimal project for any municipality.

It writes, into an empty or new folder and nowhere else:

* ``policies.yaml``: the smallest corpus that passes ``portal validate``, with its schema line;
* ``schema/policies.schema.json``: the schema that line names (VS Code resolves it relative to the
  file, so it must be in the project; ``portal schema`` keeps it in step with the tool), and
  ``schema/parts/*.schema.json`` for part files, should the project split its corpus;
* ``mkdocs.yml``, ``content/search.md``, ``accessibility/manual-checks.yaml`` (no record: nobody has checked
  anything yet), ``README.md`` for editors, ``docs/editing-guide.md``, ``.gitignore``; the ウェブアクセシビリティ方針
  page is generated from the corpus's ``accessibility:`` values (absent ones say so on the page);
* ``theme/``: a copy of the theme the tool ships (``custom_dir: theme``), owned by the project.

Why a copy of the theme and not a theme inside the package: MkDocs can only layer a package's
templates between a project's ``custom_dir`` and Material with a plugin or hook, and Zensical
(Material's successor, tests/site/test_zensical.py) runs neither; a plain ``custom_dir`` works with
both. The city can change any file of it, and the layout is the same as this repository's.

It never overwrites: it refuses a folder that holds anything, and creates every file exclusively.
"""

from __future__ import annotations

from pathlib import Path

from .render import environment

DEFAULT_NAME = "○○市"

# (template in generator/templates/project, file in the new project)
_TEMPLATES = [
    ("policies.yaml.j2", "policies.yaml"),
    ("mkdocs.yml.j2", "mkdocs.yml"),
    ("search.md", "content/search.md"),
    ("manual-checks.yaml.j2", "accessibility/manual-checks.yaml"),
    ("README.md.j2", "README.md"),
    ("gitignore.j2", ".gitignore"),
]


class Refused(Exception):
    """``portal init`` will not write here (the message says why, in Japanese)."""


def theme_source() -> Path:
    """The theme that ships with the tool: ``generator/theme/`` in an installed wheel (pyproject.toml maps
    the repository's ``theme/`` there), the repository's ``theme/`` in a source checkout (editable install)."""
    here = Path(__file__).resolve().parent
    for folder in (here / "theme", here.parent / "theme"):
        if (folder / "main.html").is_file():
            return folder
    raise FileNotFoundError("テーマ（theme/main.html）がツールの中に見つかりません。ツールを入れ直してください")


def files(name: str) -> dict[str, bytes]:
    """Every file of a new project, ``{relative path: bytes}``."""
    from .guide import GUIDE_PATH, guide_text
    from .schema import schema_files

    env = environment()
    out: dict[str, bytes] = {}
    for template, target in _TEMPLATES:
        text = env.get_template(f"project/{template}").render(name=name)
        out[target] = text.encode("utf-8")
    out.update({rel: text.encode("utf-8") for rel, text in schema_files().items()})
    out[str(GUIDE_PATH)] = guide_text().encode("utf-8")
    theme = theme_source()
    for path in sorted(theme.rglob("*")):
        rel = path.relative_to(theme)
        if path.is_file() and not any(part.startswith((".", "__")) for part in rel.parts):
            out[f"theme/{rel.as_posix()}"] = path.read_bytes()
    return out


def check_name(name: str) -> str | None:
    """Why ``name`` cannot be the municipality's name, or None."""
    if not name.strip():
        return "--name が空です。自治体の名前を書いてください（例: --name みどり市）"
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        return "--name に改行や制御文字は使えません。1行で書いてください（例: --name みどり市）"
    if len(name) > 50:
        return f"--name が長すぎます（{len(name)} 文字。50 文字まで）"
    return None


def refusal(folder: Path) -> str | None:
    """Why ``portal init`` will not write into ``folder``, or None (it does not exist, or is an empty folder)."""
    if not folder.exists() and not folder.is_symlink():
        return None
    if not folder.is_dir():
        return f"{folder} はフォルダではなく、すでにあるファイルです"
    entries = sorted(p.name for p in folder.iterdir())
    if entries:
        shown = "、".join(entries[:5]) + (" など" if len(entries) > 5 else "")
        return f"フォルダ {folder} は空ではありません（{shown} があります）"
    return None


def init(folder: Path, name: str = DEFAULT_NAME) -> list[str]:
    """Write a new project into ``folder``; returns the files written. Raises :class:`Refused`."""
    why = check_name(name) or refusal(folder)
    if why:
        raise Refused(why)
    out = files(name)
    created_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for rel, data in out.items():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "xb") as fh:  # exclusive: never replaces a file, even one that appeared meanwhile
                written.append(target)
                fh.write(data)
    except BaseException:
        # Take back only what this run created (files first, then the folders it made, if empty).
        for path in reversed(written):
            path.unlink(missing_ok=True)
        for path in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
            if not any(path.iterdir()):
                path.rmdir()
        if created_folder and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise
    return list(out)


def run(folder: Path, name: str, shown: str) -> int:
    """The ``portal init`` command: messages in Japanese, exit status 0 or 1."""
    try:
        written = init(folder, name)
    except Refused as exc:
        print(f"エラー: {exc}。portal init は、すでにあるファイルを上書きしないよう、まだないフォルダか空のフォルダにだけ書きます。"
              "別のフォルダを指定してください（何も変えていません）。")
        return 1
    except OSError as exc:
        print(f"エラー: {shown} に書き込めませんでした（{exc.strerror or exc}）。書き込んだファイルは消して、元に戻しました。")
        return 1
    print(f"{shown} に新しいプロジェクト「{name}の政策ポータル」を作りました（ファイル {len(written)} 件）。\n"
          "次にすること:\n"
          "  1. policies.yaml の「（記入してください）」を書き換え、accessibility: にウェブアクセシビリティ方針の値を書く\n"
          "  2. mkdocs.yml の site_url を公開先の URL にする\n"
          f"  3. cd {shown} して portal validate で検査し、portal serve で見た目を確かめる\n"
          "くわしくは README.md を見てください。")
    return 0

