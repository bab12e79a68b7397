// The words these scripts say come from the page (data- attributes, from the
// catalogs), in the signed-in user's language; times are written in it too.
const language = document.documentElement.lang || "ar";
const now = () => new Date().toLocaleTimeString(language);

// Autosave: the editor's form is sent to /admin/autosave a few seconds after the
// last keystroke, so a closed tab or a crash loses nothing.
const form = document.querySelector("form[data-autosave]");
if (form) {
  const status = document.getElementById("autosave-status");
  let timer = null;
  const save = async () => {
    const data = new FormData(form);
    data.delete("action");
    try {
      const response = await fetch("/admin/autosave", {
        method: "POST",
        body: new URLSearchParams(data),
        credentials: "same-origin",
      });
      if (status) {
        status.textContent = response.ok
          ? status.dataset.saved + " " + now()
          : status.dataset.failed;
      }
    } catch {
      if (status) status.textContent = status.dataset.failed;
    }
  };
  form.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(save, 3000);
  });
}

// Who else has this story open: while the editor is open it says so every half
// minute, and shows the others the server names (a hint, not a lock).
const presence = document.querySelector("[data-editing]");
if (form && presence) {
  const beat = async () => {
    try {
      const response = await fetch(presence.dataset.editing, {
        method: "POST",
        body: new URLSearchParams({ csrf: form.elements.csrf.value }),
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const { others } = await response.json();
      presence.hidden = others.length === 0;
      presence.textContent =
        presence.dataset.editingLabel + " " + others.join(presence.dataset.separator);
    } catch {
      // Offline for a moment: the next beat tries again.
    }
  };
  setInterval(beat, Number(presence.dataset.every) || 30000);
}

// Live preview: beside the form, the story as readers will see it (what
// /admin/preview renders, unsaved) at a phone's width and a desktop's, scaled
// down, refreshed a second after typing stops. The frames are sandboxed: the
// page's own scripts do not run there. Without script, the preview button opens a tab.
const live = document.getElementById("live-preview");
const liveButton = document.querySelector("[data-live-preview]");
if (form && live && liveButton) {
  const frames = live.querySelectorAll("iframe");
  const liveStatus = live.querySelector("[data-live-status]");
  let liveTimer = null;
  let asked = 0;
  const show = async () => {
    const ticket = ++asked;
    const data = new FormData(form);
    data.delete("action");
    try {
      const response = await fetch("/admin/preview", {
        method: "POST",
        body: new URLSearchParams(data),
        credentials: "same-origin",
      });
      const html = await response.text();
      if (ticket !== asked) return; // a newer one is on its way
      if (!response.ok) throw new Error(String(response.status));
      for (const frame of frames) frame.srcdoc = html;
      if (liveStatus) liveStatus.textContent = liveStatus.dataset.updated + " " + now();
    } catch {
      if (ticket === asked && liveStatus) liveStatus.textContent = liveStatus.dataset.failed;
    }
  };
  liveButton.hidden = false;
  liveButton.addEventListener("click", () => {
    const on = live.hidden;
    live.hidden = !on;
    liveButton.setAttribute("aria-expanded", String(on));
    live.parentElement.classList.toggle("previewing", on);
    if (on) show();
  });
  // Capturing: a rich editor's own `input` on the text it keeps in #body counts
  // even if it does not bubble.
  form.addEventListener(
    "input",
    () => {
      if (live.hidden) return;
      clearTimeout(liveTimer);
      liveTimer = setTimeout(show, 1000);
    },
    true,
  );
}
