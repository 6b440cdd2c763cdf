// Titles and questions typed as people type them ("What is a personal health budget?", "can I pay
// a relative?") find the page that has those words, not one that merely has longer words that
// start with them. Material's search adds a wildcard to every word it is given, so "personal"
// also matches "personalised", and a rare longer word outranks the word itself; a small word such
// as "a" or "do" would match every word that starts with it. So the message the page sends to
// Material's search worker asks for each word as typed, weighted 5 times, and for words that
// start with it; a small word is asked for as typed only. What the person typed stays in the box.
(function () {
  "use strict";
  var QUERY = 2; // Material's SearchMessageType.QUERY
  var EXACT = 5; // the weight of a word as typed against the words that start with it
  var SMALL = new Set((
    "a an the i we you my our me us it its is are was be been do does did can could should would will " +
    "shall may might must what who whom whose which when where why how if of to for in on at by with " +
    "about from into and or there this that these those any get have has had not no so please"
  ).split(" "));
  if (typeof Worker === "undefined") return;
  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments);
    // A query written in search syntax (+word, -word, "a phrase", word~1, word^2, word*, title:word)
    // goes as it is.
    if (message && message.type === QUERY && typeof message.data === "string" &&
        !/(^|\s)[+-]|["~^*]|\b(title|text|tags):/.test(message.data) && /[a-z0-9]/i.test(message.data)) {
      // Words are split where the index splits them (mkdocs.yml, search: separator), so that
      // "POET:" or "budget?" is asked for as the word it is, not as search syntax.
      var words = message.data.trim().split(/[\s\-,:;!?()\[\]"\/]+|\.(?!\d)/).filter(Boolean).map(function (word) {
        return SMALL.has(word.toLowerCase().replace(/[^a-z]/g, "")) ? word + "^" + EXACT : word + "^" + EXACT + " " + word;
      });
      args[0] = Object.assign({}, message, { data: words.join(" ") });
    }
    return post.apply(this, args);
  };
})();
