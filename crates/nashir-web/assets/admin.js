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
          ? "حُفظت نسخة تلقائية " + new Date().toLocaleTimeString("ar")
          : "تعذّر الحفظ التلقائي";
      }
    } catch {
      if (status) status.textContent = "تعذّر الحفظ التلقائي";
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
      presence.textContent = "يحرر هذا الخبر الآن أيضاً: " + others.join("، ");
    } catch {
      // Offline for a moment: the next beat tries again.
    }
  };
  setInterval(beat, Number(presence.dataset.every) || 30000);
}
