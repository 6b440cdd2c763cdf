// For a printout: today's date in the running header, the full address after each link in the
// article, and every picture loaded. Without script the page still prints, with the build date and the addresses
// of links to other sites only (print.css).
(function () {
  "use strict";
  // Text as a CSS string: every character but a letter, a digit or a space as a hexadecimal escape.
  function cssString(text) {
    return '"' + text.replace(/[^A-Za-z0-9 ]/gu, function (c) {
      return "\\" + c.codePointAt(0).toString(16) + " ";
    }) + '"';
  }
  function prepare() {
    var when = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    // The running header reads the date from this property of the root element (print.css).
    document.documentElement.style.setProperty("--phb-print-date", cssString("Printed " + when));
    document.querySelectorAll(".md-content article a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (!href || href.charAt(0) === "#" || a.classList.contains("headerlink")) return;
      a.setAttribute("data-print-href", new URL(href, document.baseURI).href.replace(/\?h=[^#]*/, ""));
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", prepare);
  } else {
    prepare();
  }
  window.addEventListener("beforeprint", prepare);
  // Pictures below the first screen load when the reader scrolls to them (loading="lazy"), so
  // that a page opens quickly on a phone. A printout needs every picture, and a browser prints
  // a picture it has not loaded as a blank: once the page has loaded and the browser is idle,
  // the rest are fetched anyway, and again just before printing.
  function loadEveryPicture() {
    document.querySelectorAll('img[loading="lazy"]').forEach(function (img) { img.loading = "eager"; });
  }
  window.addEventListener("load", function () {
    (window.requestIdleCallback || function (then) { setTimeout(then, 200); })(loadEveryPicture);
  });
  window.addEventListener("beforeprint", loadEveryPicture);
})();
