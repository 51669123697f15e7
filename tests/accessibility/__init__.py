"""Accessibility tests for the built portal (issues #4 and #8).

Two ways in, one engine (``runner.Scanner``):

* ``.venv/bin/pytest tests/accessibility`` – one test per page × check, for CI;
* ``.venv/bin/python -m tests.accessibility.run --site site`` – the stand-alone runner
  (works on any built site directory or sitemap, like pa11y-ci).

Both serve the site on 127.0.0.1, take the page list from sitemap.xml, drive one headless
Chromium session and run axe-core 4.x (pinned in package.json) – on each page as loaded, with the
navigation drawer open and on the search page with results – plus the checks axe cannot make
(``checks.py``; the keyboard pass and forced colours in ``keyboard.py``) and, once per run, the Nu
Html Checker over every page's served HTML and DOM (``htmlcheck.py``). Exceptions live only in
``allowlist.yaml`` (per page and rule) and ``html_ignore.yaml`` (per validator message).
"""
