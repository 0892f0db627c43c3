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

// No copy lost: the article form keeps the text typed on the server every ~30 s of typing and whenever
// a field is left (articles/autosave.py), and asks before the page is left with edits not saved.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("article_form");
  const box = document.getElementById("desk-autosave");
  if (!form || !box) return;
  const FIELDS = ["headline", "slug", "dek", "dateline", "section", "body", "loaded_version"];
  const EVERY = Number(box.dataset.every || 30000);
  class Refusal extends Error {}
  const status = box.querySelector(".desk-autosave__status");
  const text = () => {
    const all = new FormData(form);
    return JSON.stringify(FIELDS.map((name) => all.get(name) ?? ""));
  };
  let loaded = text();
  let touched = box.hasAttribute("data-restored"); // restored text is not saved yet
  let sent = loaded;
  let timer = null;
  let submitting = false;

  // The body editor may tidy its markup as it starts: that is not an edit.
  document.addEventListener("prose-editor:ready", () => {
    if (!touched) loaded = sent = text();
  });

  const send = async ({ keepalive = false, action = "" } = {}) => {
    clearTimeout(timer);
    timer = null;
    const now = text();
    if (!action && now === sent) return;
    const all = new FormData(form);
    const data = new FormData();
    FIELDS.forEach((name) => data.append(name, all.get(name) ?? ""));
    data.append("csrfmiddlewaretoken", all.get("csrfmiddlewaretoken"));
    if (action) data.append("action", action);
    try {
      const response = await fetch(box.dataset.url, {
        method: "POST", body: data, keepalive, redirect: "manual", credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.type === "opaqueredirect") throw new Refusal("you are logged out. Log in again in another tab, then save.");
      const answer = await response.json();
      if (!response.ok) throw new Refusal(answer.error);
      if (!action) {
        sent = now;
        status.textContent = answer.label;
      }
      return answer;
    } catch (error) {
      const why = error instanceof Refusal ? error.message : "the desk cannot be reached. Keep this tab open and save when you can.";
      status.textContent = `Not autosaved: ${why}`;
      return null;
    }
  };

  const edited = (event) => {
    if (!event.isTrusted) return;
    touched = true;
    if (!timer) timer = setTimeout(send, EVERY);
  };
  form.addEventListener("input", edited);
  form.addEventListener("change", edited);
  form.addEventListener("focusout", () => { if (text() !== sent) send(); });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && text() !== sent) send({ keepalive: true });
  });
  // Any form of the page sent on purpose (a save, a workflow step its own warning let through) leaves it.
  document.addEventListener("submit", (event) => { if (!event.defaultPrevented) submitting = true; });

  box.querySelectorAll("[data-autosave-discard]").forEach((button) => {
    button.addEventListener("click", async () => {
      if (await send({ action: "discard" })) {
        submitting = true;
        window.location.assign(window.location.pathname);
      }
    });
  });

  window.addEventListener("beforeunload", (event) => {
    if (submitting || !(touched || text() !== loaded)) return;
    event.preventDefault();
    event.returnValue = "";
  });
});

// A button that undoes something readers see asks first (data-confirm holds the question).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
