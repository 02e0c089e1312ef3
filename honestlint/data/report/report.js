(function () {
  "use strict";
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-filter]"));
  var onlyFlagged = document.getElementById("only-flagged");
  var search = document.getElementById("search");
  var counter = document.getElementById("shown-count");
  var tagged = Array.prototype.slice.call(document.querySelectorAll("[data-finding]"));
  var cards = Array.prototype.slice.call(document.querySelectorAll("section.listing"));
  var total = document.querySelectorAll("li.finding").length;

  function chosen(kind) {
    var out = {};
    boxes.forEach(function (b) { if (b.dataset.filter === kind && b.checked) { out[b.value] = true; } });
    return out;
  }

  function apply(remember) {
    var sev = chosen("severity"), cat = chosen("category");
    var q = (search && search.value || "").trim().toLowerCase();
    tagged.forEach(function (el) {
      var on = sev[el.dataset.severity] === true && cat[el.dataset.category] === true;
      el.classList.toggle("is-filtered", !on);
    });
    var shown = 0;
    cards.forEach(function (card) {
      var visible = card.querySelectorAll("li.finding:not(.is-filtered)").length;
      var hide = (onlyFlagged && onlyFlagged.checked && visible === 0) ||
                 (q !== "" && card.dataset.search.indexOf(q) === -1);
      card.hidden = hide;
      if (!hide) { shown += visible; }
    });
    if (counter) { counter.textContent = shown + " of " + total + " findings shown"; }
    if (remember) { remember_state(); }
  }

  function remember_state() {
    var params = new URLSearchParams();
    ["severity", "category"].forEach(function (kind) {
      var all = boxes.filter(function (b) { return b.dataset.filter === kind; });
      var on = all.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      if (on.length !== all.length) { params.set(kind, on.join(",")); }
    });
    if (onlyFlagged && onlyFlagged.checked) { params.set("flagged", "1"); }
    if (search && search.value) { params.set("q", search.value); }
    var query = params.toString();
    try { history.replaceState(null, "", (query ? "?" + query : location.pathname) + location.hash); } catch (e) { /* file: URLs in some browsers */ }
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    ["severity", "category"].forEach(function (kind) {
      if (!params.has(kind)) { return; }
      var want = params.get(kind).split(",");
      boxes.forEach(function (b) { if (b.dataset.filter === kind) { b.checked = want.indexOf(b.value) !== -1; } });
    });
    if (onlyFlagged && params.get("flagged") === "1") { onlyFlagged.checked = true; }
    if (search && params.has("q")) { search.value = params.get("q"); }
  }

  function activate(id, scroll) {
    document.querySelectorAll(".is-active").forEach(function (el) { el.classList.remove("is-active"); });
    if (id === null) { return; }
    document.querySelectorAll('[data-finding="' + id + '"]').forEach(function (el) { el.classList.add("is-active"); });
    var mark = document.querySelector('mark[data-finding="' + id + '"][data-fact]');
    if (mark) {
      var fact = document.getElementById(mark.dataset.fact);
      if (fact) { fact.classList.add("is-active"); }
    }
    var item = document.getElementById("finding-" + id);
    if (scroll && item && item.scrollIntoView) { item.scrollIntoView({block: "nearest", behavior: "smooth"}); }
  }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark.hl");
    if (mark) { activate(mark.dataset.finding, true); }
  });
  document.addEventListener("keydown", function (event) {
    var mark = event.target.closest && event.target.closest("mark.hl");
    if (mark && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); activate(mark.dataset.finding, true); }
  });
  document.querySelectorAll("li.finding").forEach(function (item) {
    item.addEventListener("mouseenter", function () { activate(item.dataset.finding, false); });
    item.addEventListener("mouseleave", function () { activate(null, false); });
  });
  boxes.forEach(function (b) { b.addEventListener("change", function () { apply(true); }); });
  if (onlyFlagged) { onlyFlagged.addEventListener("change", function () { apply(true); }); }
  if (search) { search.addEventListener("input", function () { apply(true); }); }
  restore();
  apply(false);
  document.documentElement.setAttribute("data-ready", "1");
})();
