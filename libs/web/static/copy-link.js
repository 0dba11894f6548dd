// Adds a "Copy" button beside each verification link; the link itself stays visible
// (and selectable) for browsers without the clipboard or without JavaScript.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    var status = document.getElementById(button.getAttribute('aria-controls'));
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(button.getAttribute('data-copy')).then(function () {
        if (status) status.textContent = button.getAttribute('data-copied');
      });
    });
  });
})();
