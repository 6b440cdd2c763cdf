// Questions typed as people ask them ("can I pay a relative?") are searched by the words that
// carry their meaning ("pay relative"). Material's search adds a wildcard to every word it is
// given, so a small word such as "a" or "do" would otherwise match every word that starts with
// it and push long pages to the top. The small words are taken out of the message the page
// sends to Material's search worker; what the person typed stays in the box as it was.
(function () {
  "use strict";
  var QUERY = 2; // Material's SearchMessageType.QUERY
  var SMALL = new Set((
    "a an the i we you my our me us it its is are was be been do does did can could should would will " +
    "shall may might must what who whom whose which when where why how if of to for in on at by with " +
    "about from into and or there this that these those any get have has had not no so please"
  ).split(" "));
  if (typeof Worker === "undefined") return;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    if (message && message.type === QUERY && typeof message.data === "string" && !/(^|\s)[+-]|["~^:*]/.test(message.data)) {
      var words = message.data.trim().split(/\s+/);
      var kept = words.filter(function (word) {
        return !SMALL.has(word.toLowerCase().replace(/[^a-z]/g, ""));
      });
      if (kept.length && kept.length < words.length) {
        args[0] = Object.assign({}, message, { data: kept.join(" ") });
      }
    }
    return post.apply(this, args);
  };
})();
