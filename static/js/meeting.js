// The live meeting page: what htmx's WebSocket extension does not do on its own.
// - A form someone is typing in is never replaced by a live update (their change would be
//   lost); if it was changed meanwhile, the server refuses their stale save and says so.
// - The others see which dimension someone is editing.
// - The connection's state is shown; a refused or ended connection says why.
(function () {
  "use strict";
  var socket = null;
  var editing = "";

  function send(message) {
    if (socket) { socket.send(JSON.stringify(message)); }
  }

  function tellEditing(dimension) {
    if (dimension === editing) { return; }
    editing = dimension;
    send({ action: "editing", dimension: dimension });
  }

  document.addEventListener("input", function (event) {
    var form = event.target.closest("form[data-ws-send]");
    if (form) { form.dataset.dirty = "1"; }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-ws-send]");
    if (form) { delete form.dataset.dirty; form.dataset.sent = "1"; }
  }, true);

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.tagName !== "FORM") { return; }
    var busy = target.dataset.dirty || (target.contains(document.activeElement) && !target.dataset.sent);
    if (busy) { event.detail.shouldSwap = false; }
  });

  document.addEventListener("focusin", function (event) {
    var form = event.target.closest("form[data-dimension]");
    if (form) { tellEditing(form.dataset.dimension); }
  });

  document.addEventListener("focusout", function () {
    window.setTimeout(function () {
      var active = document.activeElement;
      if (!active || !active.closest("form[data-dimension]")) { tellEditing(""); }
    }, 300);
  });

  document.addEventListener("htmx:wsOpen", function (event) {
    socket = event.detail.socketWrapper;
    editing = "";
    var lost = document.getElementById("connection-lost");
    if (lost) { lost.hidden = true; }
  });

  document.addEventListener("htmx:wsClose", function (event) {
    socket = null;
    var code = event.detail.event.code;
    var lost = document.getElementById("connection-lost");
    var ended = document.getElementById("connection-ended");
    if (code >= 4000 && ended) {
      ended.hidden = false;
      if (lost) { lost.hidden = true; }
    } else if (lost) {
      lost.hidden = false;
    }
  });
})();
