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
