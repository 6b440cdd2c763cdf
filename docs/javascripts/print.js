// For a printout: today's date in the running line, and the full address after each link in
// the article. Without script the page still prints, with the build date and the addresses
// of links to other sites only (print.css).
(function () {
  "use strict";
  function prepare() {
    var when = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    document.querySelectorAll(".phb-print-date").forEach(function (el) {
      el.textContent = "Printed " + when;
    });
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
})();
