/* Vox forums: quote a passage selected in a post in the answer. Selecting text inside a post shows
   a "Quote" button under it; the button appends the passage as a Markdown blockquote, under
   "@handle wrote:", to the answer box and puts the cursor there. Without this script each post's
   Quote link does the same for the whole post (forums/quotes.py). The quote is plain text in the
   answer: the server renders and cleans it like every post. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  function closest(node, selector) {
    var element = node && node.nodeType === 1 ? node : node && node.parentElement;
    return element ? element.closest(selector) : null;
  }

  // The passage as Markdown: every line marked as quoted, blank lines kept inside the quote.
  function blockquote(intro, text) {
    var lines = text.replace(/\r\n?/g, "\n").trim().split("\n").map(function (line) {
      return ("> " + line).replace(/\s+$/, "");
    });
    return intro + "\n" + lines.join("\n") + "\n\n";
  }

  ready(function () {
    var button = document.getElementById("forum-quote-selection");
    var box = button && document.getElementById(button.getAttribute("data-quote-into"));
    if (!button || !box || !window.getSelection) {
      return;
    }
    var chosen = null; // {intro, text} of the passage selected last

    function hide() {
      button.hidden = true;
      chosen = null;
    }

    function selected() {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed || selection.rangeCount === 0) {
        return null;
      }
      var range = selection.getRangeAt(0);
      var body = closest(range.commonAncestorContainer, ".comment-body");
      var post = body && body.closest(".forum-post");
      var link = post && post.querySelector(".forum-quote-link");
      var text = selection.toString().trim();
      if (!link || !text) {
        return null; // outside a post, across posts, or a post that is not to be quoted
      }
      return {intro: link.getAttribute("data-quote-intro") || "", text: text, rect: range.getBoundingClientRect()};
    }

    function place() {
      var found = selected();
      if (!found) {
        hide();
        return;
      }
      chosen = found;
      button.hidden = false;
      // Under the passage (a phone's own selection menu sits above it), kept inside the window.
      var left = Math.max(8, Math.min(found.rect.left + window.scrollX,
                                      window.scrollX + document.documentElement.clientWidth - button.offsetWidth - 8));
      button.style.left = left + "px";
      button.style.top = (found.rect.bottom + window.scrollY + 6) + "px";
    }

    var pending = null;
    document.addEventListener("selectionchange", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(place, 150);
    });
    // Keep the selection when the button is pressed (a click elsewhere would clear it first).
    button.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    button.addEventListener("click", function () {
      if (!chosen) {
        return;
      }
      var text = box.value.replace(/\s+$/, "");
      box.value = (text ? text + "\n\n" : "") + blockquote(chosen.intro, chosen.text);
      // The draft is saved as if it had been typed (forums/templates/forums/_draft.html).
      box.dispatchEvent(new Event("input", {bubbles: true}));
      hide();
      window.getSelection().removeAllRanges();
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !button.hidden) {
        hide();
      }
    });
  });
})();
