// Warn before a workflow step when the article's form holds unsaved edits: the step acts on what is saved.
document.addEventListener("DOMContentLoaded", () => {
  const articleForm = document.getElementById("article_form");
  const moveForm = document.querySelector("[data-desk-move]");
  if (!articleForm || !moveForm) return;
  const warning = moveForm.querySelector(".desk-unsaved");
  const markDirty = () => { warning.hidden = false; };
  articleForm.addEventListener("input", markDirty);
  articleForm.addEventListener("change", markDirty);
  moveForm.addEventListener("submit", (event) => {
    if (!warning.hidden && !window.confirm("Your unsaved changes will not be part of this step. Go ahead anyway?")) {
      event.preventDefault();
    }
  });
});

// The article list's author and tag filters: choosing a name in the autocomplete applies the filter.
window.addEventListener("load", () => {
  if (!window.django || !django.jQuery) return;
  django.jQuery("select[data-filter]").on("change", (event) => {
    const url = new URL(window.location.href);
    const parameter = event.target.dataset.filter;
    if (event.target.value) url.searchParams.set(parameter, event.target.value);
    else url.searchParams.delete(parameter);
    url.searchParams.delete("p");
    window.location.assign(url);
  });
});
