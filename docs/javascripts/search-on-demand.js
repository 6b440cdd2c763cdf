// The search index (search/search_index.json, the largest file of the site) is fetched when the
// reader shows they want to search, not by every page as it opens. Material's script asks for it
// as soon as a page with the search box opens (with XMLHttpRequest); this script, loaded just before Material's, holds
// that one request back until the first sign of a search: the pointer over the search box, the
// search box focused (a click, a tap, Tab, or the keys that open search: /, s, f), the search
// icon tapped on a phone, or a page opened with a search in its address (?q=, or ?h= from a
// search result, whose words are highlighted). Material searches as soon as the index arrives,
// so words typed while it is on its way are searched then. Every other request goes as it is.
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/; // Material's bundle: new URL("search/search_index.json", base)
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = []; // [request, arguments of send] waiting for the reader
  var index = typeof WeakSet === "function" ? new WeakSet() : null;
  var wanted = !index;

  function want() {
    if (wanted) return;
    wanted = true;
    EVENTS.forEach(function (type) { document.removeEventListener(type, listen, true); });
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    if (!wanted) {
      try {
        var address = new URL(String(url), document.baseURI);
        if (address.origin === location.origin && INDEX.test(address.pathname)) index.add(this);
      } catch (error) { /* not an address: the request goes as it is */ }
    }
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (!wanted && index.has(this)) {
      held.push([this, arguments]);
      return;
    }
    return send.apply(this, arguments);
  };

  var KEYS = { "/": true, s: true, f: true }; // Material's shortcuts that open search
  var EVENTS = ["pointerover", "pointerdown", "touchstart", "focusin", "click", "change", "input", "keydown"];

  function listen(event) {
    var target = event.target instanceof Element ? event.target : null;
    if (event.type === "keydown") {
      var typing = target && target.closest("input, textarea, select, [contenteditable]");
      if (KEYS[event.key] && !event.ctrlKey && !event.metaKey && !event.altKey && !typing) want();
    } else if (target && target.closest(".md-search, [for='__search'], #__search")) {
      want();
    }
  }

  EVENTS.forEach(function (type) { document.addEventListener(type, listen, true); });
  var asked = new URLSearchParams(location.search);
  if (asked.has("q") || asked.has("h")) want();
  // the search box focused before this script ran (on a slow connection)
  var focused = document.activeElement;
  if (focused instanceof Element && focused.closest(".md-search")) want();
})();
