/* Vox: a little behaviour on top of server-rendered pages. Every page works without it. */
(function () {
  "use strict";

  // htmx settings (loaded before this file, both deferred). The CSP forbids inline styles and eval,
  // so htmx must not inject its indicator <style> nor evaluate expressions.
  if (window.htmx) {
    htmx.config.includeIndicatorStyles = false;
    htmx.config.allowEval = false;
    htmx.config.allowScriptTags = false;
    // A 422 answer is a form re-rendered with its errors: show it like a success.
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false },
    ];
  }

  // A refused action (409: no votes left, voting closed; 403: the email is not confirmed yet)
  // answers an element that shows refusals (data-shows-refusal, the vote button) with that element
  // again and the reason beside it, marked by the header Vox-Refusal: swap it in. Other error
  // answers (a 403 for a stale CSRF token, say) are whole pages and are never swapped into a fragment.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var elt = event.detail.elt;
    var xhr = event.detail.xhr;
    if (xhr.status >= 400 && xhr.getResponseHeader("Vox-Refusal") === "1" && elt && elt.hasAttribute &&
        elt.hasAttribute("data-shows-refusal")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function ready(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  ready(function () {
    // After a failed form, move focus to the summary of what to fix (screen readers read it).
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }

    // Copy buttons: <button data-copy="#id" hidden>. They stay hidden without JS or clipboard.
    if (navigator.clipboard) {
      document.querySelectorAll("button[data-copy]").forEach(function (button) {
        var source = document.querySelector(button.getAttribute("data-copy"));
        if (!source) {
          return;
        }
        button.hidden = false;
        var label = button.textContent;
        button.addEventListener("click", function () {
          navigator.clipboard.writeText(source.textContent.trim()).then(function () {
            button.textContent = button.getAttribute("data-copied") || label;
            window.setTimeout(function () {
              button.textContent = label;
            }, 2500);
          });
        });
      });
    }

    // A panel that folds on phones (the board's filters) starts open on wide screens, and then
    // shows without its toggle.
    if (window.matchMedia && window.matchMedia("(min-width: 900px)").matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (panel) {
        panel.open = true;
        panel.classList.add("wide-open");
      });
    }

    // Close an open dropdown menu with Escape or a click elsewhere (it is a <details>).
    function closeMenus(except) {
      document.querySelectorAll("details.dropdown[open]").forEach(function (menu) {
        if (menu !== except) {
          menu.removeAttribute("open");
        }
      });
    }
    document.addEventListener("click", function (event) {
      closeMenus(event.target.closest ? event.target.closest("details.dropdown") : null);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        var open = document.querySelector("details.dropdown[open]");
        if (open) {
          open.removeAttribute("open");
          var summaryEl = open.querySelector("summary");
          if (summaryEl) {
            summaryEl.focus();
          }
        }
      }
    });
  });
})();
