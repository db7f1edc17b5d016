// Presence list: a print button (no inline handlers: the CSP allows scripts from 'self' only).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// After an in-place save the editor is replaced (outerHTML): move focus to the notice that took
// its place, so keyboard and screen-reader users land on the result instead of the page top.
document.addEventListener("htmx:afterSettle", () => {
  const notice = document.querySelector("#editor [data-focus-after-swap]");
  const lost = !document.activeElement || document.activeElement === document.body;
  if (notice && lost) {
    notice.setAttribute("tabindex", "-1");
    notice.focus();
  }
});
