/* Without JavaScript "Tout cocher" reloads the grid with the day ticked; with it, the boxes change here. */
(function () {
  var form = document.getElementById("planning-form");
  if (!form || !form.querySelectorAll) { return; }
  function boxes(row) { return row.querySelectorAll('input[type="checkbox"][name="booked"]'); }
  function refresh(row) {
    var button = row.querySelector(".tick-day");
    if (!button) { return; }
    var all = Array.prototype.every.call(boxes(row), function (box) { return box.checked; });
    button.querySelector(".tick-label").textContent = all ? button.dataset.uncheck : button.dataset.check;
  }
  form.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".tick-day");
    if (!button) { return; }
    event.preventDefault();
    var row = button.closest("tr");
    var all = Array.prototype.every.call(boxes(row), function (box) { return box.checked; });
    Array.prototype.forEach.call(boxes(row), function (box) { box.checked = !all; });
    refresh(row);
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "booked") { refresh(event.target.closest("tr")); }
  });
})();
