// Live results: follows /api/results/stream (Server-Sent Events) and updates the split without reloading.
// The page is complete without this script; it only keeps it current.
//
// One stream per browser, not per tab: an EventSource holds one of the six HTTP/1.1 connections a browser opens per
// host for as long as the page is open, so a seventh result tab (even its page request) waited forever. The tabs share
// one stream held by a SharedWorker (result-worker.js, its URL in this script's data-worker-src). Why a SharedWorker
// rather than electing one tab to hold the stream (Web Locks) and relay it (BroadcastChannel): no tab owns the stream,
// so closing any tab never interrupts the others and there is no hand-over to get right; a tab in the background,
// throttled or frozen by the browser, cannot stall the rest; and a new tab gets the current tally from the worker at
// once, without asking another tab. Where SharedWorker is missing (some mobile browsers), its script cannot load, or
// the worker has no EventSource, the tab falls back to a stream of its own, as before.
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

  // one tally from either stream: shown, then the status is right whatever the page said before
  function show(data) {
    try {
      render(data);
      known = true;
    } catch (e) {
      // a malformed tally is skipped; the next one brings the full state again
    }
    connected(true);
  }

  // The page says where its stream and its shared worker are: under the path prefix it was served with (behind a
  // proxy that publishes the service at /result/, say), never at a root path of its own making.
  var script = document.currentScript || document.querySelector('script[data-stream-src]');
  var streamSrc = (script && script.getAttribute('data-stream-src')) || 'api/results/stream';
  var workerSrc = script ? script.getAttribute('data-worker-src') : null;

  // The tab's own stream: where the shared one is not available.
  var source = null;
  function connectOwn() {
    source = new EventSource(streamSrc);
    source.addEventListener('results', function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        // a malformed event is skipped; the next one brings the full state again
        connected(true);
        return;
      }
      show(data);
    });
    source.addEventListener('open', function () {
      connected(true);
    });
    source.addEventListener('error', function () {
      connected(false);
      if (source.readyState === EventSource.CLOSED) {
        // the browser gave up (e.g. a proxy answered with an error page): start over shortly
        source.close();
        setTimeout(connectOwn, 2000);
      }
    });
  }

  // The shared stream. A worker answers a new tab at once: no answer within 5 s (its script request hangs, or it
  // failed without an error event) means a stream of our own. Then it says something at least every 5 s; silence for
  // three of those means it is gone (its process crashed): join a new one.
  var FIRST_ANSWER_MS = 5000;
  var WATCHDOG_MS = 15000;
  var shared = null;

  function leaveShared() {
    if (shared === null) {
      return;
    }
    var link = shared;
    shared = null;
    clearTimeout(link.firstAnswer);
    clearInterval(link.watchdog);
    try {
      link.port.postMessage({ type: 'bye' });
    } catch (e) {
      // the worker is gone already
    }
    link.port.close();
  }

  function useOwnStream() {
    leaveShared();
    if (source === null) {
      connectOwn();
    }
  }

  function joinShared() {
    var worker;
    try {
      // same URL and name in every tab: the same worker
      worker = new SharedWorker(workerSrc, { name: 'votingapp-results' });
    } catch (e) {
      // refused (e.g. by the browser's settings or the Content-Security-Policy)
      return false;
    }
    var link = { port: worker.port, heardAt: 0, firstAnswer: null, watchdog: null };
    shared = link;
    worker.addEventListener('error', function () {
      // the script did not load (e.g. a newer deployment no longer serves this page's version of it)
      if (shared === link) {
        useOwnStream();
      }
    });
    link.port.addEventListener('message', function (event) {
      var message = event.data;
      if (shared !== link || !message) {
        return;
      }
      link.heardAt = Date.now();
      if (message.type === 'results') {
        show(message.data);
      } else if (message.type === 'status') {
        // null: the worker's stream has not opened yet, the page's own status stands
        if (message.connected === true || message.connected === false) {
          connected(message.connected);
        }
      } else if (message.type === 'unsupported') {
        useOwnStream();
      }
    });
    link.port.start();
    link.firstAnswer = setTimeout(function () {
      if (shared === link && link.heardAt === 0) {
        useOwnStream();
      }
    }, FIRST_ANSWER_MS);
    link.watchdog = setInterval(function () {
      if (shared !== link || link.heardAt === 0 || Date.now() - link.heardAt <= WATCHDOG_MS) {
        return;
      }
      connected(false);
      leaveShared();
      if (!joinShared()) {
        useOwnStream();
      }
    }, WATCHDOG_MS / 3);
    return true;
  }

  function start() {
    if (!workerSrc || !window.SharedWorker || !joinShared()) {
      connectOwn();
    }
  }

  // A tab that goes away says so, and the worker stops sending to it (and closes the stream after the last tab). A
  // page restored from the back/forward cache joins again.
  window.addEventListener('pagehide', leaveShared);
  window.addEventListener('pageshow', function (event) {
    if (event.persisted && shared === null && source === null) {
      start();
    }
  });

  start();
}());
