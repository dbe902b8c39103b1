// The live result stream shared by every result tab of one browser (a SharedWorker; result.js starts it).
//
// Why: a browser opens at most six HTTP/1.1 connections per host, and an EventSource holds one for as long as the page
// is open, so with one stream per tab the seventh tab (even its page request) waited forever. This worker holds the
// browser's only stream to /api/results/stream and hands every event to the tabs over their MessagePorts. No tab owns
// it: it lives as long as any tab does, so closing the tab that started it changes nothing for the others.
//
// Messages to a tab:   {type: 'results', data: <the tally, as /api/results>}   the tally read on the current connection
//                      {type: 'status', connected: <bool or null>}              the stream's state (null: not opened yet,
//                                                                               nothing to say), also every few seconds as
//                                                                               a sign of life (result.js watches for it)
//                      {type: 'unsupported'}                                    no EventSource here: use your own stream
// Messages from a tab: {type: 'bye'}                                            the tab is going away (pagehide)
(function () {
  'use strict';

  var HEARTBEAT_MS = 5000;
  var RETRY_MS = 2000;

  var ports = [];
  var source = null;
  // null until the stream first opens (a tab then keeps what its page says), true while open, false once it broke
  var connected = null;
  // The tally last read on the current connection, or null: cleared whenever the connection breaks, so a tab that
  // joins later gets the current tally at once, never an old one presented as live.
  var latest = null;
  var retry = null;
  var heartbeat = null;

  function send(port, message) {
    try {
      port.postMessage(message);
    } catch (e) {
      // a port whose tab is gone: dropped at its 'bye'
    }
  }

  function broadcast(message) {
    for (var i = 0; i < ports.length; i++) {
      send(ports[i], message);
    }
  }

  function setConnected(isConnected) {
    connected = isConnected;
    broadcast({ type: 'status', connected: isConnected });
  }

  function connect() {
    retry = null;
    // relative to this script (<prefix>/static/…): the stream of the service that served it, under any path prefix
    source = new EventSource('../api/results/stream');
    source.addEventListener('results', function (event) {
      var data;
      try {
        data = JSON.parse(event.data);
      } catch (e) {
        // a malformed event is skipped; the next one brings the full state again
        return;
      }
      latest = data;
      connected = true;
      broadcast({ type: 'results', data: data });
    });
    source.addEventListener('open', function () {
      setConnected(true);
    });
    source.addEventListener('error', function () {
      latest = null;
      setConnected(false);
      if (source && source.readyState === EventSource.CLOSED) {
        // the browser gave up (e.g. a proxy answered with an error page): start over shortly
        source.close();
        source = null;
        retry = setTimeout(connect, RETRY_MS);
      }
    });
  }

  function disconnect() {
    if (source) {
      source.close();
      source = null;
    }
    if (retry !== null) {
      clearTimeout(retry);
      retry = null;
    }
    if (heartbeat !== null) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
    connected = null;
    latest = null;
  }

  function remove(port) {
    var index = ports.indexOf(port);
    if (index >= 0) {
      ports.splice(index, 1);
    }
    if (ports.length === 0) {
      // the browser ends an unused worker by itself, but not always at once: free the server's stream now
      disconnect();
    }
  }

  self.addEventListener('connect', function (event) {
    var port = event.ports[0];
    if (!self.EventSource) {
      send(port, { type: 'unsupported' });
      port.close();
      return;
    }
    ports.push(port);
    port.addEventListener('message', function (message) {
      if (message.data && message.data.type === 'bye') {
        remove(port);
        port.close();
      }
    });
    // where MessagePort has a close event, a tab that vanished without a 'bye' (a crash) is dropped too
    port.addEventListener('close', function () {
      remove(port);
    });
    port.start();
    if (latest !== null) {
      send(port, { type: 'results', data: latest });
    }
    send(port, { type: 'status', connected: connected });
    if (source === null && retry === null) {
      connect();
    }
    if (heartbeat === null) {
      heartbeat = setInterval(function () {
        broadcast({ type: 'status', connected: connected });
      }, HEARTBEAT_MS);
    }
  });
}());
