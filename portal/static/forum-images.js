/* Vox: "Add a picture" under a post's text box (forums/_add_picture.html). Without this script
   the box offers a link to the upload page instead. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  ready(function () {
    if (!window.htmx) {
      return; // the link to the upload page stays
    }
    document.querySelectorAll("[data-picture-for]").forEach(function (box) {
      var link = box.querySelector(".forum-picture-link");
      var fields = box.querySelector(".forum-picture-fields");
      if (link && fields) {
        link.hidden = true;
        fields.hidden = false;
      }
    });
  });

  // The upload's answer carries the Markdown: add it to the text box on a line of its own.
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = event.detail.target && event.detail.target.closest ? event.detail.target.closest("[data-picture-for]") : null;
    if (!box) {
      return;
    }
    var added = event.detail.target.querySelector("[data-markdown]");
    var text = document.getElementById(box.getAttribute("data-picture-for"));
    if (!added || !text) {
      return;
    }
    var before = text.value.replace(/\s+$/, "");
    text.value = (before ? before + "\n\n" : "") + added.getAttribute("data-markdown") + "\n";
    box.querySelectorAll("input").forEach(function (input) {
      input.value = "";
    });
  });
})();
