// Sorts the findings table by the column clicked (again: the other way)
// and filters it by the text typed. The page reads fine without it.
(function () {
  var table = document.getElementById("findings");
  if (!table) { return; }
  var bodies = Array.prototype.slice.call(table.tBodies); // 100 rows each
  var rows = [];
  bodies.forEach(function (b) { rows = rows.concat(Array.prototype.slice.call(b.rows)); });
  var filter = document.getElementById("filter");
  var count = document.getElementById("shown");
  filter.hidden = false;
  count.hidden = false;
  function key(row, col, numeric) {
    var cell = row.cells[col];
    var v = cell.getAttribute("data-value");
    if (v === null) { v = cell.textContent; }
    return numeric ? parseFloat(v) || 0 : v.toLowerCase();
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    var numeric = th.getAttribute("data-type") === "number";
    th.tabIndex = 0;
    th.title = "sort by " + th.textContent.toLowerCase();
    function sort() {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, col, numeric), y = key(b, col, numeric);
        return x < y ? -dir : x > y ? dir : 0;
      });
      rows.forEach(function (r, i) { bodies[Math.floor(i / 100)].appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
  });
  filter.addEventListener("input", function () {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r) {
      var text = r.textContent.toLowerCase();
      var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
      r.hidden = !keep;
      if (keep) { shown++; }
    });
    count.textContent = shown + " of " + rows.length + " shown";
  });
  count.textContent = rows.length + " of " + rows.length + " shown";
})();
// A link to a finding opens the details it is in, when they are folded.
document.addEventListener("click", function (e) {
  var a = e.target.closest && e.target.closest("a[href^='#finding-']");
  var details = document.getElementById("details");
  if (a && details) { details.open = true; }
});
