// Client-side search over matters, roles and grids (name, code, community, address). No framework, no fetch: the index is
// a script (assets/search-index.js) so the site works from file:// as well as any server.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "";
  var texts = {
    empty: (script && script.getAttribute("data-empty")) || "",
    matter: (script && script.getAttribute("data-matter")) || "matter",
    role: (script && script.getAttribute("data-role")) || "role",
    grid: (script && script.getAttribute("data-grid")) || "grid"
  };
  var entries = window.GRIDRULES_SEARCH || [];
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-results");
  if (!box || !list) { return; }

  function norm(s) { return String(s || "").toLowerCase(); }

  function search(query) {
    var q = norm(query).trim();
    if (!q) { return []; }
    var words = q.split(/\s+/);
    return entries.filter(function (e) {
      var hay = norm(e.name + " " + e.detail + " " + e.keywords);
      return words.every(function (w) { return hay.indexOf(w) !== -1; });
    }).slice(0, 40);
  }

  function show(query) {
    var found = search(query);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!norm(query).trim()) { list.hidden = true; return; }
    if (!found.length) {
      var none = document.createElement("li");
      none.className = "none";
      none.textContent = texts.empty;
      list.appendChild(none);
    }
    found.forEach(function (e) {
      var li = document.createElement("li");
      li.className = "hit " + e.kind;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = texts[e.kind] || e.kind;
      var a = document.createElement("a");
      a.href = root + e.url;
      a.textContent = e.name;
      var detail = document.createElement("span");
      detail.className = "detail";
      detail.textContent = e.detail;
      li.appendChild(kind);
      li.appendChild(a);
      li.appendChild(detail);
      list.appendChild(li);
    });
    list.hidden = false;
    list.setAttribute("data-count", String(found.length));
  }

  box.addEventListener("input", function () { show(box.value); });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { box.value = ""; show(""); }
    if (ev.key === "Enter") {
      var first = list.querySelector("a");
      if (first) { window.location.href = first.href; }
    }
  });
  document.addEventListener("click", function (ev) {
    if (!list.contains(ev.target) && ev.target !== box) { list.hidden = true; }
  });
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { box.value = params.get("q"); show(box.value); }
})();
