// Live counts under the headline and standfirst (against their limits) and under the body (words
// and reading time), as the writer types.
const WORDS_PER_MINUTE = 230;
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-count-limit]").forEach((field) => {
    const limit = Number(field.dataset.countLimit);
    const counter = document.createElement("p");
    counter.className = "help desk-counter";  // placed like the field's help text
    counter.id = `${field.id}-count`;
    field.setAttribute("aria-describedby", `${field.getAttribute("aria-describedby") || ""} ${counter.id}`.trim());
    const count = () => {
      const used = field.value.length;
      counter.textContent = `${used} / ${limit} characters${used > limit ? `: ${used - limit} too many` : ""}`;
      counter.classList.toggle("desk-counter--over", used > limit);
    };
    (field.closest(".flex-container") || field).after(counter);
    field.addEventListener("input", count);
    count();
  });
});
document.addEventListener("prose-editor:ready", (event) => {
  const { editor, textarea } = event.detail;
  if (textarea.name !== "body") return;
  const counter = document.createElement("p");
  counter.className = "help desk-counter desk-counter--body";
  const count = () => {
    const { doc } = editor.state;
    const words = doc.textBetween(0, doc.content.size, " ", " ").split(/\s+/).filter(Boolean).length;
    const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
    counter.textContent = `${words} word${words === 1 ? "" : "s"} · about ${minutes} min to read`;
  };
  textarea.closest(".flex-container").after(counter);
  editor.on("update", count);
  count();
});
