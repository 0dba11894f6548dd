// Keeps the close's progress bar current: asks the page's JSON every two seconds until every
// decision is made (the bar and its words follow), then reloads once so the certificates and figures are the final ones.
(function () {
  var box = document.querySelector('.close-progress');
  if (!box || box.getAttribute('data-done') === '1') return;
  var bar = document.getElementById('close-progress');
  if (!bar) return;
  var url = box.getAttribute('data-status-url');
  var text = document.getElementById('close-progress-text');
  var running = box.getAttribute('data-running') || '';
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (!s) return setTimeout(poll, 4000);
        bar.max = Math.max(1, s.enrolled);
        bar.value = s.evaluated;
        bar.textContent = s.evaluated + ' / ' + s.enrolled;
        if (text && running) text.textContent = running.replace('{e}', s.evaluated).replace('{n}', s.enrolled);
        if (s.status === 'closed' && s.pending === 0) return window.location.reload();
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 4000); });
  }
  setTimeout(poll, 1000);
})();
