// The session screen, live: counts down to the next code and to the session's end, and every
// few seconds reads the screen's state (new code, how many have checked in) through the page
// session. Without JavaScript the page shows the same figures and a refresh link.
(function () {
  var grid = document.querySelector('[data-state-url]');
  if (!grid) return;
  var url = grid.getAttribute('data-state-url');
  var codeEl = document.getElementById('checkin-code');
  var secondsEl = document.getElementById('code-seconds');
  var countEl = document.getElementById('checked-in');
  var leftEl = document.getElementById('session-left');
  var endsAt = Date.parse(grid.getAttribute('data-ends-at') || '');
  // The server's clock minus this one, so the countdown follows the server.
  var skew = Date.parse(grid.getAttribute('data-now')) - Date.now();
  var validUntil = Date.parse(grid.getAttribute('data-valid-until'));
  var POLL_MS = 3000;

  function showCode(code) {
    if (!code || codeEl.getAttribute('data-code') === code) return;
    codeEl.setAttribute('data-code', code);
    codeEl.textContent = '';
    [code.slice(0, 3), code.slice(3)].forEach(function (part) {
      var span = document.createElement('span');
      span.textContent = part;
      codeEl.appendChild(span);
    });
  }

  function tick() {
    var now = Date.now() + skew;
    if (secondsEl && validUntil) secondsEl.textContent = String(Math.max(0, Math.ceil((validUntil - now) / 1000)));
    if (leftEl && endsAt) leftEl.textContent = String(Math.max(0, Math.ceil((endsAt - now) / 60000)));
    if (validUntil && now >= validUntil) poll();
  }

  var busy = false;
  function poll() {
    if (busy) return;
    busy = true;
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (state) {
        if (!state) return;
        skew = Date.parse(state.now) - Date.now();
        if (!state.open) { window.location.reload(); return; }
        validUntil = Date.parse(state.validUntil);
        showCode(state.code);
        if (countEl.textContent !== String(state.checkedIn)) countEl.textContent = String(state.checkedIn);
      })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { busy = false; });
  }

  setInterval(tick, 1000);
  setInterval(poll, POLL_MS);
})();
