/* After a form was sent, move the focus to what the page says about it: the error summary, a
   preview to check, or the confirmation. The error summary's links take the focus to the field
   itself, opening a collapsed part of the form around it. A file of its own: the content
   security policy allows no inline script. Without JavaScript the page works the same, only the
   focus stays at the top. */
(function () {
  "use strict";

  function openAround(element) {
    for (var node = element.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") {
        node.open = true;
      }
    }
  }

  function focusOn(element) {
    openAround(element);
    if (!element.hasAttribute("tabindex") && element.tabIndex < 0) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  function afterSubmit() {
    var target =
      document.querySelector("[data-error-summary]") ||
      document.querySelector("[data-focus-after-submit]") ||
      document.querySelector("[data-messages]");
    if (target) {
      focusOn(target);
    }
  }

  function toField(event) {
    var link = event.target.closest ? event.target.closest("[data-error-summary] a[href^='#']") : null;
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) {
      return;
    }
    event.preventDefault();
    focusOn(field);
    field.scrollIntoView({ block: "center" });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", afterSubmit);
  } else {
    afterSubmit();
  }
  document.addEventListener("click", toField);
})();
