// The "copy" button beside a chart's embed code. The code is plain text in the page, to
// select and copy by hand; the button is hidden in the HTML and shown here, so that a
// reader without JavaScript sees no button that does nothing. Its words come from the
// page (the site's language files).
"use strict";
(function () {
  var buttons = document.querySelectorAll("button[data-copy]");
  Array.prototype.forEach.call(buttons, function (button) {
    var code = document.getElementById(button.dataset.copy);
    var status = button.closest("details").querySelector("[role=status]");
    if (!code || !status) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      // Where the clipboard is refused (a page over plain http, a browser that asks),
      // the code is selected instead, for Ctrl+C.
      var copied = navigator.clipboard
        ? navigator.clipboard.writeText(code.textContent)
        : Promise.reject(new Error("no clipboard"));
      copied.then(
        function () {
          status.textContent = button.dataset.done;
        },
        function () {
          var range = document.createRange();
          range.selectNodeContents(code);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          status.textContent = button.dataset.failed;
        }
      );
    });
  });
})();
