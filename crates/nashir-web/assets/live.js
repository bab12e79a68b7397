// Live coverage: while an article's coverage is open, its entries are fetched
// again every `data-live-every` seconds from the cached fragment at
// `data-live-src` and swapped in, keeping the reader's place on the page; new
// entries are announced to screen readers, in the page's words
// (`data-live-new`, `data-live-new-many`, the fragment's end-of-coverage line).
// Without this script the page is complete as it loaded, and a reload shows what
// is new.
for (const section of document.querySelectorAll("[data-live-src]")) {
  const feed = section.querySelector("[data-live-feed]");
  const status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  section.append(status);
  let timer;
  let running = false;
  let stopped = false;

  const entries = () => [...feed.querySelectorAll(".live-entry")];
  const every = () => Math.max(1, Number(section.dataset.liveEvery) || 30) * 1000;

  const swap = (html) => {
    const next = document.createElement("template");
    next.innerHTML = html;
    const seen = new Set(entries().map((e) => e.id));
    // Scrolled into the list: the entry being read stays where it is on screen
    // while newer ones are added above it.
    const anchor =
      feed.getBoundingClientRect().top < 0
        ? entries().find((e) => e.getBoundingClientRect().bottom > 0)
        : undefined;
    const top = anchor?.getBoundingClientRect().top;
    const focused = feed.contains(document.activeElement)
      ? document.activeElement.closest(".live-entry")?.id
      : undefined;
    feed.replaceChildren(next.content);
    const kept = anchor && document.getElementById(anchor.id);
    if (kept) window.scrollBy(0, kept.getBoundingClientRect().top - top);
    if (focused) document.getElementById(focused)?.querySelector("a")?.focus({ preventScroll: true });
    const fresh = entries().filter((e) => !seen.has(e.id));
    for (const e of fresh) e.classList.add("live-new");
    if (fresh.length === 1) status.textContent = section.dataset.liveNew;
    else if (fresh.length > 1) status.textContent = `${section.dataset.liveNewMany} ${fresh.length}`;
  };

  const stop = (message) => {
    stopped = true;
    clearTimeout(timer);
    document.querySelector("[data-live-badge]")?.remove();
    if (message) status.textContent = message;
  };

  const poll = async () => {
    clearTimeout(timer);
    if (running || stopped) return;
    if (document.hidden) return; // resumed when the page is seen again
    running = true;
    try {
      const answer = await fetch(section.dataset.liveSrc, { cache: "no-cache" });
      if (answer.ok) swap(await answer.text());
      else if (answer.status === 404) stop();
    } catch {
      // Offline for a moment: the next turn tries again.
    }
    running = false;
    const ended = feed.querySelector("[data-live-ended]");
    if (ended) stop(ended.textContent);
    if (!stopped) timer = setTimeout(poll, every());
  };

  timer = setTimeout(poll, every());
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) poll();
  });
}
