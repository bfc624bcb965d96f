// Sorts the index by the clicked column: numbers as numbers, text in
// Chinese collation; a second click reverses.
(function () {
  "use strict";
  var heads = document.querySelectorAll("table.sortable th");
  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener("click", function () {
      var body = th.closest("table").tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var numeric = th.getAttribute("data-type") === "num";
      var dir = th.getAttribute("data-dir") === "asc" ? "desc" : "asc";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("data-dir"); });
      th.setAttribute("data-dir", dir);
      function key(row) {
        var cell = row.cells[col];
        var v = cell ? (cell.getAttribute("data-v") || cell.textContent) : "";
        return numeric ? (parseFloat(v) || 0) : v;
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = numeric ? x - y : String(x).localeCompare(String(y), "zh");
        return dir === "asc" ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
