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
