// Small progressive enhancements; every page works without this file.
document.addEventListener("htmx:afterSwap", (event) => {
  // After a swap, move focus to a heading or alert in the new content so screen readers follow.
  // History restores carry no target: nothing to focus then.
  const target = event.detail && event.detail.target;
  const focusable = target && target.querySelector("[data-focus-after-swap]");
  if (focusable) {
    focusable.setAttribute("tabindex", "-1");
    focusable.focus();
  }
});
document.addEventListener("change", (event) => {
  // Filter forms submit themselves when a select changes (they also have a submit button).
  const form = event.target.closest("form[data-autosubmit]");
  if (form && window.htmx) {
    htmx.trigger(form, "submit");
  }
});
// Phones: the "Menu" button opens and closes the main menu (the CSS folds it only at phone width,
// and only where scripts run). Escape closes it and returns focus to the button.
{
  const navToggle = document.querySelector(".portal-nav-toggle[aria-controls]");
  const nav = navToggle && document.getElementById(navToggle.getAttribute("aria-controls"));
  if (nav) {
    const setOpen = (open) => {
      navToggle.setAttribute("aria-expanded", String(open));
      nav.toggleAttribute("data-open", open);
    };
    navToggle.addEventListener("click", () => setOpen(navToggle.getAttribute("aria-expanded") !== "true"));
    nav.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        setOpen(false);
        navToggle.focus();
      }
    });
    navToggle.addEventListener("keydown", (event) => {
      if (event.key === "Escape") setOpen(false);
    });
  }
}
