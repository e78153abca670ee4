// Start the design system's components (accordions, alerts, …) once the page is parsed.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) {
    window.DKFDS.init();
  }
  // Show the acute-danger warning as soon as the box is ticked, not only after saving.
  var acute = document.querySelector("[data-acute-toggle]");
  var warning = document.getElementById("acute-warning");
  if (acute && warning) {
    var sync = function () { warning.hidden = !acute.checked; };
    acute.addEventListener("change", sync);
    sync();
  }
});

// Print what a folded <details> holds too (a case page's history, the board), then fold it back.
window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details:not([open])").forEach(function (details) {
    details.dataset.printOpened = "1";
    details.open = true;
  });
});
window.addEventListener("afterprint", function () {
  document.querySelectorAll("details[data-print-opened]").forEach(function (details) {
    delete details.dataset.printOpened;
    details.open = false;
  });
});
