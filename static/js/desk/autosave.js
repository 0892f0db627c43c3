// No copy lost: the article form keeps everything typed or chosen on the server (every field, the
// byline rows, a picture uploaded but not yet saved) every ~30 s of typing and whenever a field is
// left (articles/editing/autosave.py), and asks before the page is left with edits not saved.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("article_form");
  const box = document.getElementById("desk-autosave");
  if (!form || !box) return;
  const EVERY = Number(box.dataset.every || 30000);
  class Refusal extends Error {}
  const status = box.querySelector(".desk-autosave__status");
  // The form as posted, but for the CSRF token and the inline rows' empty template.
  const entries = () => [...new FormData(form)].filter(
    ([name, value]) => name !== "csrfmiddlewaretoken" && !name.includes("__prefix__")
      && !(value instanceof File && !value.size),
  );
  const text = () => JSON.stringify(entries().map(
    ([name, value]) => [name, value instanceof File ? `${value.name}:${value.size}` : value],
  ));
  let loaded = text();
  let touched = box.hasAttribute("data-restored"); // restored text is not saved yet
  if (touched) {
    // A save of the restored form goes to the plain address (the form posts to the page's own).
    const address = new URL(window.location.href);
    address.searchParams.delete("restore");
    window.history.replaceState(null, "", address);
  }
  let sent = loaded;
  let timer = null;
  let submitting = false;

  // The body editor may tidy its markup as it starts: that is not an edit.
  document.addEventListener("prose-editor:ready", () => {
    if (!touched) loaded = sent = text();
  });

  // A picture uploaded with the form's file field is in the library now: it stays chosen.
  const uploaded = (picture) => {
    const upload = form.elements.lead_image_upload;
    if (upload) upload.value = "";
    const chooser = form.querySelector('[data-chooser="id_lead_image"]');
    chooser?.dispatchEvent(new CustomEvent("newsroom:choose", { bubbles: true, detail: picture }));
  };

  // One autosave at a time, so that a picture being uploaded goes up once.
  let sending = null;
  const send = async (options = {}) => {
    while (sending && !options.keepalive) await sending.catch(() => null);
    sending = sendNow(options);
    try {
      return await sending;
    } finally {
      sending = null;
    }
  };
  const sendNow = async ({ keepalive = false, action = "" } = {}) => {
    clearTimeout(timer);
    timer = null;
    if (submitting && !action) return null;
    const now = text();
    if (!action && now === sent) return;
    const data = new FormData();
    // A page being left sends no file: the browser caps such a last request at 64 KB.
    entries().forEach(([name, value]) => { if (!(keepalive && value instanceof File)) data.append(name, value); });
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
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
        if (answer.lead_image) uploaded(answer.lead_image);
        sent = text();
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
  // Leaving a field for a save button is no pause in the typing: the save itself keeps the text, and
  // an autosave racing it could outlive it and offer the saved text back as unsaved.
  const isSave = (target) => target instanceof HTMLElement && target.matches("[type=submit]");
  form.addEventListener("focusout", (event) => {
    if (!isSave(event.relatedTarget) && text() !== sent) send();
  });
  document.addEventListener("visibilitychange", () => {
    if (!submitting && document.visibilityState === "hidden" && text() !== sent) send({ keepalive: true });
  });
  // Any form of the page sent on purpose (a save, a workflow step its own warning let through) leaves it.
  document.addEventListener("submit", (event) => {
    if (event.defaultPrevented) return;
    submitting = true;
    clearTimeout(timer);
  });

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
