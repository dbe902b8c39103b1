// Live results: follows /api/results/stream (Server-Sent Events) and updates the split without reloading.
// The page is complete without this script; it only keeps it current.
(function () {
  'use strict';

  var percentA = document.getElementById('percent-a');
  var percentB = document.getElementById('percent-b');
  var barA = document.getElementById('bar-a');
  var barB = document.getElementById('bar-b');
  var barADown = document.getElementById('bar-a-down');
  var barBDown = document.getElementById('bar-b-down');
  var total = document.getElementById('total');
  var connection = document.getElementById('connection');
  if (!window.EventSource || !window.JSON || !percentA || !percentB || !barA || !barB || !barADown || !barBDown || !total || !connection) {
    return;
  }

  // the same rounding as the server's ResultMath: a% rounded to one decimal, b% = 100 - a%, 50/50 without votes
  function percentages(a, b) {
    var sum = a + b;
    if (sum === 0) {
      return [50, 50];
    }
    var pa = Math.round((a * 100 / sum) * 10) / 10;
    return [pa, Math.round((100 - pa) * 10) / 10];
  }

  function withSeparators(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  function footer(n) {
    return n <= 0 ? 'No votes yet' : n === 1 ? '1 vote' : withSeparators(n) + ' votes';
  }

  // position and size along one axis: 'x' and 'width' across, 'y' and 'height' down
  function setBar(rect, position, size, at, length) {
    // attributes for the geometry, CSSOM properties so the change animates; neither is an inline style attribute
    rect.setAttribute(position, at + '%');
    rect.setAttribute(size, length + '%');
    rect.style[position] = at + '%';
    rect.style[size] = length + '%';
  }

  function render(data) {
    var a = 0;
    var b = 0;
    for (var i = 0; i < data.options.length; i++) {
      if (data.options[i].id === 'a') {
        a = data.options[i].votes;
      } else if (data.options[i].id === 'b') {
        b = data.options[i].votes;
      }
    }
    var split = percentages(a, b);
    percentA.textContent = split[0].toFixed(1);
    percentB.textContent = split[1].toFixed(1);
    setBar(barA, 'x', 'width', 0, split[0]);
    setBar(barB, 'x', 'width', split[0], split[1]);
    setBar(barADown, 'y', 'height', 0, split[0]);
    setBar(barBDown, 'y', 'height', split[0], split[1]);
    total.textContent = footer(a + b);
  }

  // Whether the page has shown a real tally: the server renders the "connecting…" status (not hidden) while it has
  // not read the tally itself, and only a 'results' event replaces that; an open stream alone proves nothing.
  var known = connection.hidden;

  function connected(isConnected) {
    if (isConnected && known) {
      connection.hidden = true;
    } else if (!isConnected) {
      connection.textContent = known ? 'reconnecting\u2026' : 'connecting\u2026';
      connection.hidden = false;
    }
  }

  var source;
  function connect() {
    source = new EventSource('/api/results/stream');
    source.addEventListener('results', function (event) {
      try {
        render(JSON.parse(event.data));
        known = true;
      } catch (e) {
        // a malformed event is skipped; the next one brings the full state again
      }
      connected(true);
    });
    source.addEventListener('open', function () {
      connected(true);
    });
    source.addEventListener('error', function () {
      connected(false);
      if (source.readyState === EventSource.CLOSED) {
        // the browser gave up (e.g. a proxy answered with an error page): start over shortly
        source.close();
        setTimeout(connect, 2000);
      }
    });
  }

  connect();
}());
