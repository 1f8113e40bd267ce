// The agent's demo page: reads the card through POST /v1/card/read with the token and shows the holder's name.
// The token comes from the page's #token=... fragment (never sent to a server) or the input box.
(function () {
  'use strict';
  var tokenInput = document.getElementById('token');
  var nameBox = document.getElementById('name');
  var status = document.getElementById('status');
  var match = /[#&]token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match) {
    tokenInput.value = match[1];
  }
  function read() {
    status.textContent = 'reading…';
    fetch('/v1/card/read', {method: 'POST', headers: {'Authorization': 'Bearer ' + tokenInput.value}})
      .then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); })
      .then(function (res) {
        if (!res.ok) {
          nameBox.textContent = '';
          status.textContent = 'error: ' + res.body.error.code;
          return;
        }
        nameBox.textContent = res.body.holder ? res.body.holder.name : '(no holder data)';
        status.textContent = 'card read: ' + res.body.cardType;
      })
      .catch(function (e) { status.textContent = 'agent unreachable: ' + e; });
  }
  document.getElementById('read').addEventListener('click', read);
  if (match) {
    read();
  }
})();
