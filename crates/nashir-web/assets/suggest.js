// Suggestions under each search box as the reader types: headlines from the
// edition's suggestions (its search page's address + /suggest), as plain links.
// The answer brings its words too, in the edition's language: the list's name
// and how many there are. Without this script the box still searches.
document.querySelectorAll("form[role=search] input[name=q]").forEach((input, n) => {
  const list = document.createElement("ul");
  list.className = "suggestions";
  list.id = `suggestions-${n}`;
  list.hidden = true;
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.form.append(list, status);
  input.setAttribute("aria-controls", list.id);
  let timer, pending;

  const show = ({ items, label = "", status: said = "" }) => {
    if (label) list.setAttribute("aria-label", label);
    list.replaceChildren(
      ...items.map((item) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = item.url;
        a.textContent = item.title;
        li.append(a);
        return li;
      }),
    );
    list.hidden = items.length === 0;
    status.textContent = items.length ? said : "";
  };
  const none = { items: [] };
  const suggest = new URL(`${input.form.action}/suggest`, location.href);

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const typed = input.value;
    if (typed.trim().length < 2) return show(none);
    timer = setTimeout(async () => {
      pending?.abort();
      pending = new AbortController();
      try {
        suggest.search = `?q=${encodeURIComponent(typed)}`;
        const answer = await fetch(suggest, { signal: pending.signal });
        if (answer.ok) show(await answer.json());
      } catch {
        // Aborted by newer typing, or offline: the box still searches.
      }
    }, 150);
  });

  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" && !list.hidden) {
      e.preventDefault();
      list.querySelector("a")?.focus();
    } else if (e.key === "Escape") {
      show(none);
    }
  });
  list.addEventListener("keydown", (e) => {
    const links = [...list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = at + (e.key === "ArrowDown" ? 1 : -1);
      (next < 0 ? input : links[Math.min(next, links.length - 1)]).focus();
    } else if (e.key === "Escape") {
      show(none);
      input.focus();
    }
  });
});
