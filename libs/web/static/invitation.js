// The invitation mail links to /invitation#token=…: the token stays out of access logs.
// This fills the form's token field from the fragment and hides the field; without
// JavaScript the field stays visible and the token can be pasted into it.
(function () {
  var match = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash);
  var input = document.getElementById('field-token');
  var group = document.getElementById('token-group');
  if (!match || !input) return;
  input.value = decodeURIComponent(match[1]);
  if (group) group.hidden = true;
  history.replaceState(null, '', window.location.pathname + window.location.search);
})();
