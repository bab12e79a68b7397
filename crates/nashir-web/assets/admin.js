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
