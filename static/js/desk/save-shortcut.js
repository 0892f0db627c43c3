// Ctrl+S (Cmd+S on a Mac) saves the article and stays on it, as in every editor.
document.addEventListener("keydown", (event) => {
  if (!(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "s" || event.altKey) return;
  const form = document.getElementById("article_form");
  const save = form?.querySelector("input[name=_continue]");
  if (!save) return;
  event.preventDefault();
  save.click();
});
