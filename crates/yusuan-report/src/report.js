// Links inside the report (#f-3, #c-t1-8-1, #page-5 …) scroll the target to
// the middle of the window, open a closed table view around it and flash it.
(function () {
  "use strict";
  function go(id) {
    var t = document.getElementById(id);
    if (!t) { return false; }
    for (var d = t.parentElement; d; d = d.parentElement) {
      if (d.tagName === "DETAILS") { d.open = true; }
    }
    t.scrollIntoView({ block: "center", inline: "nearest" });
    var old = document.querySelectorAll(".flash");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("flash"); }
    t.classList.add("flash");
    return true;
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a") : null;
    if (!a) { return; }
    var h = a.getAttribute("href") || "";
    if (h.charAt(0) !== "#" || h.length < 2) { return; }
    if (go(decodeURIComponent(h.slice(1)))) {
      e.preventDefault();
      if (history.replaceState) { history.replaceState(null, "", h); }
    }
  });
  if (location.hash.length > 1) { go(decodeURIComponent(location.hash.slice(1))); }
})();
