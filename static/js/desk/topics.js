// Topics as people type them: one field, names separated by commas; the name being typed is
// completed from the newsroom's existing topics (arrow keys and Enter, or a click).
document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector("input[data-topics]");
  if (!field) return;
  const list = document.createElement("ul");
  list.id = `${field.id}-suggestions`;
  list.className = "desk-suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  field.setAttribute("role", "combobox");
  field.setAttribute("aria-autocomplete", "list");
  field.setAttribute("aria-controls", list.id);
  field.setAttribute("aria-expanded", "false");
  field.after(list);
  let active = -1;
  let timer = null;
  const names = () => field.value.split(",").map((name) => name.trim());
  const close = () => {
    list.hidden = true;
    list.replaceChildren();
    active = -1;
    field.setAttribute("aria-expanded", "false");
    field.removeAttribute("aria-activedescendant");
  };
  const choose = (name) => {
    const kept = names().slice(0, -1).filter(Boolean);
    field.value = `${[...kept, name].join(", ")}, `;
    close();
    field.focus();
    field.dispatchEvent(new Event("change", { bubbles: true }));
  };
  const highlight = (index) => {
    const options = [...list.children];
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach((option, at) => option.setAttribute("aria-selected", String(at === active)));
    field.setAttribute("aria-activedescendant", options[active].id);
  };
  const show = (found) => {
    close();
    if (!found.length) return;
    found.forEach((name, index) => {
      const option = document.createElement("li");
      option.id = `${list.id}-${index}`;
      option.setAttribute("role", "option");
      option.textContent = name;
      option.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keep the focus in the field
        choose(name);
      });
      list.append(option);
    });
    // Under the field, wherever its label leaves it in the row: measured from the box the list is placed in.
    list.hidden = false;
    const box = list.offsetParent?.getBoundingClientRect() ?? { left: 0, top: 0 };
    const under = field.getBoundingClientRect();
    list.style.left = `${under.left - box.left}px`;
    list.style.top = `${under.bottom - box.top}px`;
    field.setAttribute("aria-expanded", "true");
  };
  field.addEventListener("input", () => {
    window.clearTimeout(timer);
    const term = names().at(-1);
    if (!term) return close();
    timer = window.setTimeout(async () => {
      const url = new URL(field.dataset.topics, window.location.href);
      url.searchParams.set("term", term);
      const response = await fetch(url, { credentials: "same-origin" }).catch(() => null);
      if (!response?.ok || names().at(-1) !== term) return;
      const taken = new Set(names().slice(0, -1).map((name) => name.toLowerCase()));
      const results = (await response.json()).results.map((result) => result.text);
      show(results.filter((name) => !taken.has(name.toLowerCase())).slice(0, 8));
    }, 150);
  });
  field.addEventListener("keydown", (event) => {
    if (list.hidden) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault(); // choose, do not submit the form
      choose(list.children[active].textContent);
    } else if (event.key === "Escape") {
      close();
    }
  });
  field.addEventListener("blur", close);
});
