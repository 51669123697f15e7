// portal serve only (generator/preview_hook.py adds this script to the preview, never to a built site):
// while the corpus has errors, show them at the top of the page. The page is reloaded after every save.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-errors");
  if (!url) { return; }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function show(errors) {
    var box = el("section", "portal-preview-errors");
    box.id = "portal-preview-errors";
    box.setAttribute("role", "alert");
    box.setAttribute("tabindex", "0");
    box.setAttribute("aria-labelledby", "portal-preview-errors-title");
    box.appendChild(el("h2", "portal-preview-errors__title",
      "プレビュー: 保存した内容にエラーがあります（" + errors.length + " 件）"));
    box.appendChild(el("p", "",
      "このページは、前に正しく保存したときの内容のままです。次の場所を直して保存すると、この表示は消えてページが更新されます。"));
    var list = el("ol", "portal-preview-errors__list");
    errors.forEach(function (e) {
      var item = el("li");
      if (e.where) { item.appendChild(el("code", "portal-preview-errors__where", e.where)); }
      item.appendChild(el("span", "portal-preview-errors__message", e.message));
      list.appendChild(item);
    });
    box.appendChild(list);
    box.appendChild(el("p", "portal-preview-errors__note", "この表示はプレビュー（portal serve）だけのもので、公開するサイトには出ません。"));
    document.body.insertBefore(box, document.body.firstChild);
    box.focus();
  }

  function load() {
    fetch(url, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : { errors: [] }; })
      .then(function (data) {
        if (data && data.errors && data.errors.length) { show(data.errors); }
      })
      .catch(function () { /* no notice when the preview server is gone */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
})();
